using System.Diagnostics;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Enrichers.Process.Tests.Support;

/// <summary>
/// Real processes for tests, and events about them built the way the Linux audit collector builds them:
/// pid, ppid, exe, command line, cwd, uids, auid and session as the kernel reports them (read here from /proc
/// with code independent of the plugin's), with the event time.
/// </summary>
internal static class RealProcess
{
    /// <summary>Runs <c>bash -c script</c> in the background; kill it with <see cref="Kill"/>.</summary>
    public static System.Diagnostics.Process StartBash(string script, string? workingDirectory = null, params string[] arguments)
    {
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        return System.Diagnostics.Process.Start(info)!;
    }

    /// <summary>Runs a command to completion and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {error}");
        return output;
    }

    public static void Kill(int pid)
    {
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); } catch (ArgumentException) { } catch (InvalidOperationException) { }
    }

    /// <summary>Waits until <paramref name="find"/> returns a pid (a child appearing), or fails.</summary>
    public static int WaitFor(Func<int?> find, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } pid) return pid;
            Thread.Sleep(20);
        }
        throw new TimeoutException("Timed out waiting for " + what);
    }

    /// <summary>The children of <paramref name="pid"/>, from the kernel's list.</summary>
    public static int[] Children(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
            return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        }
        catch (IOException) { return []; }
    }

    /// <summary>The single child of <paramref name="pid"/> once it has exec'd <paramref name="exeName"/>.</summary>
    public static int WaitForChild(int pid, string exeName) => WaitFor(() =>
        Children(pid).Cast<int?>().FirstOrDefault(c => ExeOf(c!.Value)?.EndsWith("/" + exeName, StringComparison.Ordinal) == true),
        $"a child of {pid} running {exeName}");

    public static string? ExeOf(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/exe").LinkTarget; } catch (IOException) { return null; }
    }

    /// <summary>An event of <paramref name="schema"/> by process <paramref name="pid"/>, filled as the audit collector would.</summary>
    public static RecorderEvent EventFor(EventSchema schema, int pid, DateTime? time = null)
    {
        var e = new RecorderEvent(schema) { Time = time ?? DateTime.UtcNow, Collector = "test", Outcome = EventOutcome.Success };
        var p = e.Process;
        p.Pid = pid;
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long[] Ids(string key) => status.First(l => l.StartsWith(key)).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var uids = Ids("Uid:");
        var gids = Ids("Gid:");
        p.ParentPid = Ids("PPid:")[0];
        p.Uid = uids[0];
        p.EffectiveUid = uids[1];
        p.Gid = gids[0];
        p.LoginUid = long.Parse(File.ReadAllText($"/proc/{pid}/loginuid"));
        p.SessionId = long.Parse(File.ReadAllText($"/proc/{pid}/sessionid"));
        p.Executable = ExeOf(pid);
        p.WorkingDirectory = new FileInfo($"/proc/{pid}/cwd").LinkTarget;
        // Arguments joined with spaces, quoted where they hold spaces: the audit collector's convention.
        p.CommandLine = string.Join(' ', File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Split('\0')
            .Select(Quote));
        return e;
    }

    /// <summary>The collector's argv convention: quote empty arguments and those with whitespace, quotes or backslashes.</summary>
    private static string Quote(string a) =>
        a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\')
            ? "\"" + a.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : a;

    /// <summary>An event that names only the pid and time (what a sparse source gives): the table must fill the rest.</summary>
    public static RecorderEvent BareEventFor(EventSchema schema, int pid, DateTime? time = null)
    {
        var e = new RecorderEvent(schema) { Time = time ?? DateTime.UtcNow, Collector = "test" };
        e.Process.Pid = pid;
        return e;
    }

    /// <summary>The user name the system gives a uid, through its own tool (not the plugin's parser).</summary>
    public static string UserNameOf(long uid) => Run("/usr/bin/id", "-nu", uid.ToString()).Trim();
}
