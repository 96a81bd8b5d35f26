using Recorder.Plugins.Enrichers.Process.Linux;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>
/// The process table carries the exact argv and the container id of known processes to every event of theirs, read
/// from /proc of real processes (argv with odd bytes; a real cgroup made for the test).
/// </summary>
public sealed class ArgumentsAndContainerTests
{
    [Fact]
    public async Task Events_of_a_process_first_seen_in_proc_carry_its_exact_argv()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        // The outer shell execs an inner one whose argv holds a space, a quote, a newline and a byte that is not UTF-8.
        using var shell = RealProcess.StartBash("exec /bin/bash -c 'sleep 30; true' inner \"$@\" \"$(printf 'a\\377b')\"", null, "outer", "two words", "q\"uote", "new\nline");
        try
        {
            RealProcess.WaitFor(() => File.ReadAllText($"/proc/{shell.Id}/cmdline").Contains("\0sleep 30; true\0") ? shell.Id : null, "the inner shell");
            var write = chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileWrite, shell.Id));

            var args = write.Process.Arguments!;
            Assert.Equal(["/bin/bash", "-c", "sleep 30; true", "inner", "two words", "q\"uote", "new\nline"], args.Take(7));
            Assert.Equal([(byte)'a', 0xff, (byte)'b'], LosslessUtf8.Encode(args[7]));
            Assert.Equal(8, args.Count);
            Assert.Null(write.Process.ContainerId); // the test runs on the host
        }
        finally
        {
            RealProcess.Kill(shell.Id);
        }
    }

    [Fact]
    public async Task An_exec_sets_the_argv_later_events_get_from_the_table()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        using var p = System.Diagnostics.Process.Start("/usr/bin/sleep", "30");
        try
        {
            var start = RealProcess.EventFor(EventSchemas.ProcessStart, p.Id);
            string[] recorded = ["sleep", "30", "as recorded by the collector"];
            start.Process.Arguments = recorded;
            Assert.Same(recorded, chain.Enrich(start).Process.Arguments);
            Assert.Equal(recorded, chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileWrite, p.Id)).Process.Arguments);

            // An exec without fork whose event carried no argv: the new program's argv is unknown, not the old one's.
            var again = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, p.Id));
            Assert.Equal(start.Process.ProcessGuid, again.Process.ProcessGuid);
            Assert.Null(again.Process.Arguments);
            Assert.Null(chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileWrite, p.Id)).Process.Arguments);
        }
        finally
        {
            p.Kill();
        }
    }

    [Fact]
    public async Task A_process_in_a_docker_style_cgroup_carries_the_container_id_read_at_its_exec()
    {
        var id = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        using var cgroup = TestCgroup.Create("recorder-test-docker/" + id);
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        // The shell waits until it is in the container's cgroup, then execs: as runc does before the payload starts.
        var marker = Path.Combine(Path.GetTempPath(), "recorder-cgroup-ready-" + id);
        using var shell = RealProcess.StartBash("while [ ! -e \"$1\" ]; do sleep 0.02; done; exec /usr/bin/sleep 30", null, "sh", marker);
        try
        {
            cgroup.Add(shell.Id);
            File.WriteAllText(marker, "");
            RealProcess.WaitFor(() => RealProcess.ExeOf(shell.Id) == "/usr/bin/sleep" ? shell.Id : null, "the exec of sleep");

            var start = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, shell.Id));
            Assert.Equal(id, start.Process.ContainerId);
            Assert.Equal(id, chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileWrite, shell.Id)).Process.ContainerId);
            Assert.Equal(id, ProcFs.TryReadContainerId(shell.Id));
        }
        finally
        {
            RealProcess.Kill(shell.Id);
            File.Delete(marker);
        }
    }

    /// <summary>A cgroup made for one test in a writable hierarchy of this machine (v2, or v1's pids controller).</summary>
    private sealed class TestCgroup : IDisposable
    {
        private readonly string _top;

        private TestCgroup(string top, string directory)
        {
            _top = top;
            Directory = directory;
        }

        public string Directory { get; }

        public static TestCgroup Create(string relative)
        {
            string[] roots = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/pids"];
            var root = roots.FirstOrDefault(r => File.Exists(Path.Combine(r, "cgroup.procs")))
                ?? throw new InvalidOperationException("No writable cgroup hierarchy under /sys/fs/cgroup (the test needs root and cgroupfs).");
            var directory = Path.Combine(root, relative);
            System.IO.Directory.CreateDirectory(directory);
            return new TestCgroup(Path.Combine(root, relative.Split('/')[0]), directory);
        }

        public void Add(int pid) => File.WriteAllText(Path.Combine(Directory, "cgroup.procs"), pid.ToString());

        public void Dispose()
        {
            // A cgroup can be removed once its processes are gone; remove the deepest first.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            foreach (var dir in System.IO.Directory.GetDirectories(_top, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(_top))
            {
                while (true)
                {
                    try { System.IO.Directory.Delete(dir); break; }
                    catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(50); }
                    catch (IOException) { break; }
                }
            }
        }
    }
}
