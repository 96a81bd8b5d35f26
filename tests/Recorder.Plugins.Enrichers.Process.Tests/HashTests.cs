using System.Security.Cryptography;
using Recorder.Plugins.Enrichers.Process.Hashes;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>Hashes of images real processes executed.</summary>
public sealed class HashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recorder-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_binary_replaced_in_place_gets_a_new_hash_and_the_old_process_keeps_the_old_one()
    {
        var tool = Path.Combine(_dir, "tool");
        File.Copy("/usr/bin/sleep", tool);
        var v1 = File.ReadAllBytes(tool);
        var inode = Inode(tool);
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);

        using var first = System.Diagnostics.Process.Start(tool, "60");
        var start1 = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, first.Id)).Process;
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(v1)), start1.ExecutableHash);
        Assert.Null(start1.HashError);
        first.Kill(); // a running image cannot be written (ETXTBSY)
        first.WaitForExit();

        // Replace the content in place: same path, same inode.
        var v2 = v1.Concat(new byte[16]).ToArray();
        using (var stream = new FileStream(tool, FileMode.Truncate, FileAccess.Write)) stream.Write(v2);
        Assert.Equal(inode, Inode(tool));

        using var second = System.Diagnostics.Process.Start(tool, "60");
        try
        {
            var start2 = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, second.Id)).Process;
            Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(v2)), start2.ExecutableHash);
            Assert.NotEqual(start1.ExecutableHash, start2.ExecutableHash);

            // The first process's exit, reported after the replacement, still carries the image it ran.
            var exit = new RecorderEvent(EventSchemas.ProcessExit) { Time = DateTime.UtcNow };
            exit.Process.Pid = first.Id;
            exit.Process.Executable = tool;
            Assert.Equal(start1.ExecutableHash, chain.Enrich(exit).Process.ExecutableHash);
        }
        finally
        {
            second.Kill();
        }
    }

    [Fact]
    public async Task A_large_image_is_hashed_in_the_background_and_later_events_carry_the_hash()
    {
        var tool = CopyOf("/usr/bin/sleep");
        // 48 MiB of padding after the ELF image (the loader ignores it) so that hashing takes long enough for
        // the start event to be enriched while the hash is still being computed in the background.
        using (var padded = new FileStream(tool, FileMode.Append)) padded.Write(new byte[48 * 1024 * 1024]);
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tool)));
        using var services = new TestPluginServices(new ProcessEnricherOptions { HashSyncMaxBytes = 0 });
        await using var chain = await EnricherChain.StartAsync(services);
        using var p = System.Diagnostics.Process.Start(tool, "60");
        try
        {
            var start = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, p.Id)).Process;
            // The event never waits for the hash: it says it is pending (or, if the background worker already
            // finished, carries it).
            if (start.ExecutableHash is null) Assert.Equal(HashSlot.Pending, start.HashError);
            else Assert.Equal(expected, start.ExecutableHash);

            await chain.Hashes.WaitForQueuedHashesAsync();
            var later = chain.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, p.Id)).Process;
            Assert.Equal(expected, later.ExecutableHash);
            Assert.Null(later.HashError);
        }
        finally
        {
            p.Kill();
        }
    }

    [Fact]
    public async Task An_image_over_the_size_limit_says_why_it_has_no_hash()
    {
        var tool = CopyOf("/usr/bin/sleep");
        using var services = new TestPluginServices(new ProcessEnricherOptions { HashMaxFileBytes = 1000 });
        await using var chain = await EnricherChain.StartAsync(services);
        using var p = System.Diagnostics.Process.Start(tool, "60");
        try
        {
            var start = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, p.Id)).Process;
            Assert.Null(start.ExecutableHash);
            Assert.StartsWith("too large: " + new FileInfo(tool).Length + " bytes", start.HashError);
        }
        finally
        {
            p.Kill();
        }
    }

    [Fact]
    public async Task Configured_algorithms_are_all_reported_and_a_deleted_image_is_hashed_through_proc()
    {
        var tool = CopyOf("/usr/bin/sleep");
        var bytes = File.ReadAllBytes(tool);
        using var services = new TestPluginServices(new ProcessEnricherOptions { HashAlgorithms = ["sha256", "sha1", "md5"] });
        await using var chain = await EnricherChain.StartAsync(services);
        using var p = System.Diagnostics.Process.Start(tool, "60");
        try
        {
            var e = RealProcess.EventFor(EventSchemas.ProcessStart, p.Id);
            e.Process.Executable = tool; // the collector reports the path executed
            File.Delete(tool);           // ... which is gone by the time the event is enriched
            chain.Enrich(e);
            Assert.Equal(
                $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))};sha1:{Convert.ToHexStringLower(SHA1.HashData(bytes))};md5:{Convert.ToHexStringLower(MD5.HashData(bytes))}",
                e.Process.ExecutableHash);
        }
        finally
        {
            p.Kill();
        }
    }

    [Fact]
    public async Task A_missing_image_of_a_gone_process_says_file_not_found()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        var e = new RecorderEvent(EventSchemas.ProcessStart) { Time = DateTime.UtcNow };
        e.Process.Pid = int.MaxValue - 1;
        e.Process.Executable = Path.Combine(_dir, "never-existed");
        chain.Enrich(e);
        Assert.Null(e.Process.ExecutableHash);
        Assert.Equal("file not found", e.Process.HashError);
    }

    [Fact]
    public void An_unknown_algorithm_is_rejected_naming_the_option()
    {
        var ex = Assert.Throws<Contracts.Plugins.PluginOptionsException>(() =>
            new ProcessEnricherOptions { HashAlgorithms = ["sha256", "crc32"] }.Validate());
        Assert.Equal("hash_algorithms", ex.Option);
        Assert.Contains("crc32", ex.Message);
    }

    private string CopyOf(string source)
    {
        var path = Path.Combine(_dir, Path.GetFileName(source) + "-" + Guid.NewGuid().ToString("n")[..6]);
        File.Copy(source, path);
        return path;
    }

    private static string Inode(string path) => RealProcess.Run("/usr/bin/stat", "-c", "%i", path).Trim();
}
