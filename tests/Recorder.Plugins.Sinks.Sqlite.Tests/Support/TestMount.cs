using System.Diagnostics;

namespace Recorder.Plugins.Sinks.Sqlite.Tests.Support;

/// <summary>A small tmpfs mounted for one test and unmounted on dispose; can be resized or made read-only.</summary>
public sealed class TestMount : IDisposable
{
    public TestMount(string sizeOption)
    {
        Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recorder-mnt-" + Guid.NewGuid().ToString("N")[..12]));
        Run("mount", "-t", "tmpfs", "-o", $"size={sizeOption},mode=0700", "tmpfs", Path);
    }

    public string Path { get; }

    public void Remount(string options) => Run("mount", "-o", "remount," + options, Path);

    public void Dispose()
    {
        try { Run("umount", Path); }
        catch (InvalidOperationException) { Run("umount", "-l", Path); }
        Directory.Delete(Path);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
    }
}
