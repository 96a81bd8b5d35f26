using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Recorder.Linux.Audit.Auditd;

/// <summary>
/// Controls auditd directly, without an init system: the running daemon is found by its pid file, stopped with
/// SIGTERM (auditd's orderly shutdown) and started by running <c>auditd</c>, which daemonises and writes its pid
/// file. (On systemd machines auditd's unit refuses manual stops; there <c>service auditd restart</c> is the
/// supported way; this class is the init-less path used here.)
/// </summary>
public sealed partial class AuditdProcessService : IAuditdService
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly string _pidFile;
    private readonly string _executable;
    private readonly string[] _arguments;

    /// <param name="pidFile">auditd's pid file.</param>
    /// <param name="executable">The auditd program (found on PATH, /sbin or /usr/sbin when not rooted).</param>
    /// <param name="arguments">Extra arguments for a start, such as <c>-c &lt;dir&gt;</c> for another configuration folder.</param>
    public AuditdProcessService(string pidFile = "/var/run/auditd.pid", string executable = "auditd", params string[] arguments)
    {
        _pidFile = pidFile;
        _executable = executable;
        _arguments = arguments;
    }

    public bool IsInstalled => ResolveExecutable() is not null;

    public bool IsRunning => RunningPid() is not null;

    public Version? GetVersion() => AuditdVersion.Detect();

    /// <summary>The pid of the running auditd, or null.</summary>
    public int? RunningPid()
    {
        try
        {
            var text = File.ReadAllText(_pidFile).Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
            return IsAuditd(pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Restart()
    {
        if (RunningPid() is { } pid) Stop(pid);
        Start();
    }

    /// <summary>Sends SIGTERM and waits for the process to go.</summary>
    public void Stop(int pid)
    {
        const int SIGTERM = 15;
        if (kill(pid, SIGTERM) != 0 && Marshal.GetLastPInvokeError() != 3 /* ESRCH: gone already */)
            throw new InvalidOperationException($"cannot stop auditd (pid {pid}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var deadline = DateTime.UtcNow + StopTimeout;
        while (IsAuditd(pid))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"auditd (pid {pid}) did not stop within {StopTimeout.TotalSeconds} s of SIGTERM");
            Thread.Sleep(50);
        }
    }

    /// <summary>Runs auditd (it daemonises) and waits until its pid file names a live auditd.</summary>
    public void Start()
    {
        var program = ResolveExecutable() ?? throw new InvalidOperationException($"auditd is not installed ({_executable} not found)");
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start auditd");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(StartTimeout))
            throw new TimeoutException("auditd did not daemonise within " + StartTimeout.TotalSeconds + " s");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"auditd failed to start (exit {process.ExitCode}): {errors.Result.Trim()}");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (RunningPid() is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"auditd started but {_pidFile} names no running auditd: {errors.Result.Trim()}");
            Thread.Sleep(50);
        }
    }

    private string? ResolveExecutable()
    {
        if (Path.IsPathRooted(_executable)) return File.Exists(_executable) ? _executable : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/sbin", "/usr/sbin"]))
        {
            var candidate = Path.Combine(directory, _executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsAuditd(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/comm").Trim() == "auditd";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
