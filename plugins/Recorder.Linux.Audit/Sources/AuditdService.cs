using System.Diagnostics;
using System.Globalization;
using Recorder.Linux.Audit.Auditd;
using Tmds.Linux;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// The auditd daemon on this machine, as the recorder sees it: installed or not, running or not, its version,
/// where its plugins live; and what the recorder may do to it: reload (SIGHUP), stop, start, restart.
/// </summary>
/// <remarks>
/// It controls auditd directly, without an init system: the running daemon is found by its pid file, stopped with
/// SIGTERM (auditd's orderly shutdown) and started by running <c>auditd</c>, which daemonises and writes its pid
/// file. (On systemd machines auditd's unit refuses manual stops; there <c>service auditd restart</c> is the
/// supported way; this class is the init-less path used here.)
/// </remarks>
public sealed class AuditdService : IAuditdService
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly string _pidFile;
    private readonly string _executable;
    private readonly string[] _arguments;

    /// <param name="pidFile">auditd's pid file.</param>
    /// <param name="executable">The auditd program (found on PATH, /sbin or /usr/sbin when not rooted).</param>
    /// <param name="arguments">Extra arguments for a start, such as <c>-c &lt;dir&gt;</c> for another configuration folder.</param>
    public AuditdService(string pidFile = "/var/run/auditd.pid", string executable = "auditd", params string[] arguments)
    {
        _pidFile = pidFile;
        _executable = executable;
        _arguments = arguments;
    }

    /// <summary>Where auditd's configuration is looked for: <c>/</c>, or a test folder standing for it.</summary>
    public string ConfigurationRoot { get; init; } = "/";

    /// <summary>True when the auditd program exists.</summary>
    public bool IsInstalled => ResolveExecutable() is not null;

    /// <summary>True when auditd runs.</summary>
    public bool IsRunning => RunningPid() is not null;

    /// <summary>PID of the running auditd (from its pid file, checked against /proc), or null.</summary>
    public int? RunningPid()
    {
        // Asked every status poll (each second): no pid file is the usual case next to a recorder, and an exception
        // a second for it was the idle recorder's costliest periodic work.
        if (!File.Exists(_pidFile)) return null;
        try
        {
            var text = File.ReadAllText(_pidFile).Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0) return null;
            return IsAuditd(pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The installed version (auditctl, else the package manager), or null when unknown.</summary>
    public Version? GetVersion() => AuditdVersion.Detect();

    /// <summary>The installed version as text, such as <c>3.0.9</c>, or null when unknown.</summary>
    public string? Version => GetVersion()?.ToString();

    /// <summary>
    /// Where auditd reads plugin configurations, as its configuration says (<see cref="AuditdPluginDirectory"/>):
    /// <c>/etc/audit/plugins.d</c> for auditd 3.x (dispatcher built in), <c>/etc/audisp/plugins.d</c> for the older
    /// separate audispd. Null when that folder does not exist.
    /// </summary>
    public string? PluginDirectory => new AuditdPluginDirectory(ConfigurationRoot).Find();

    /// <summary>Asks auditd to re-read its configuration and plugins (SIGHUP). False when it does not run.</summary>
    public bool Reload() => RunningPid() is { } pid && LibC.kill(pid, LibC.SIGHUP) == 0;

    /// <summary>Starts auditd (it daemonises) and waits until its pid file names a running auditd.</summary>
    public bool Start(TimeSpan timeout) => TryStart(timeout, out _);

    /// <summary>Stops auditd (SIGTERM) and waits for it to exit. False when it was not running or did not exit.</summary>
    public bool Stop(TimeSpan timeout)
    {
        if (RunningPid() is not { } pid) return false;
        if (LibC.kill(pid, LibC.SIGTERM) != 0) return !IsAuditd(pid); // gone already counts as stopped
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (!IsAuditd(pid)) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>Stops the running auditd and starts it again, so it reads its configuration anew.</summary>
    public void Restart()
    {
        if (IsRunning && !Stop(DefaultTimeout))
            throw new TimeoutException($"auditd did not stop within {DefaultTimeout.TotalSeconds} s of SIGTERM");
        if (!TryStart(DefaultTimeout, out var error)) throw new InvalidOperationException(error);
    }

    private bool TryStart(TimeSpan timeout, out string? error)
    {
        error = null;
        if (IsRunning) return true;
        var program = ResolveExecutable();
        if (program is null)
        {
            error = $"auditd is not installed ({_executable} not found)";
            return false;
        }
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);
        using (var launcher = Process.Start(start))
        {
            if (launcher is null) { error = "cannot start auditd"; return false; }
            var errors = launcher.StandardError.ReadToEndAsync();
            launcher.StandardOutput.ReadToEndAsync();
            if (!launcher.WaitForExit(timeout)) { error = $"auditd did not daemonise within {timeout.TotalSeconds} s"; return false; }
            if (launcher.ExitCode != 0) { error = $"auditd failed to start (exit {launcher.ExitCode}): {errors.Result.Trim()}"; return false; }
        }
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (IsRunning) return true;
            Thread.Sleep(20);
        }
        error = $"auditd started but {_pidFile} names no running auditd";
        return false;
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
}
