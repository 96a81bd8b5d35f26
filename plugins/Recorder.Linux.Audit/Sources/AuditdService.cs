using System.Diagnostics;
using Tmds.Linux;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// The auditd daemon on this machine, as the recorder sees it: installed or not, running or not, its version,
/// where its plugins live; and the two things the recorder may do to it: reload (SIGHUP) and stop.
/// </summary>
public sealed class AuditdService
{
    private readonly string _pidFile;
    private readonly string[] _executables;

    /// <summary>Looks for auditd at the usual places, with its pid file at <paramref name="pidFile"/>.</summary>
    public AuditdService(string pidFile = "/var/run/auditd.pid", params string[] executables)
    {
        _pidFile = pidFile;
        _executables = executables.Length > 0 ? executables : ["/usr/sbin/auditd", "/sbin/auditd"];
    }

    /// <summary>True when the auditd program exists.</summary>
    public bool IsInstalled => _executables.Any(File.Exists);

    /// <summary>PID of the running auditd (from its pid file, checked against /proc), or null.</summary>
    public int? RunningPid
    {
        get
        {
            try
            {
                if (!int.TryParse(File.ReadAllText(_pidFile).Trim(), out var pid) || pid <= 0) return null;
                var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
                return comm == "auditd" ? pid : null;
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }
    }

    /// <summary>True when auditd runs.</summary>
    public bool IsRunning => RunningPid is not null;

    /// <summary>The installed version (from <c>auditctl -v</c>), such as <c>3.0.9</c>, or null when unknown.</summary>
    public string? Version
    {
        get
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo("auditctl", "-v") { RedirectStandardOutput = true, RedirectStandardError = true });
                if (process is null) return null;
                var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                var marker = output.IndexOf("version ", StringComparison.Ordinal);
                return marker < 0 ? null : output[(marker + 8)..].Trim();
            }
            catch (System.ComponentModel.Win32Exception) { return null; }
        }
    }

    /// <summary>Where auditd's configuration is looked for: <c>/</c>, or a test folder standing for it.</summary>
    public string ConfigurationRoot { get; init; } = "/";

    /// <summary>
    /// Where auditd reads plugin configurations, as its configuration says (<see cref="AuditdPluginDirectory"/>):
    /// <c>/etc/audit/plugins.d</c> for auditd 3.x (dispatcher built in), <c>/etc/audisp/plugins.d</c> for the older
    /// separate audispd. Null when that folder does not exist.
    /// </summary>
    public string? PluginDirectory => new Auditd.AuditdPluginDirectory(ConfigurationRoot).Find();

    /// <summary>Asks auditd to re-read its configuration and plugins (SIGHUP). False when it does not run.</summary>
    public bool Reload() => RunningPid is { } pid && LibC.kill(pid, LibC.SIGHUP) == 0;

    /// <summary>Starts auditd (it daemonises) and waits until its pid file names a running auditd.</summary>
    public bool Start(TimeSpan timeout)
    {
        if (IsRunning) return true;
        var executable = _executables.FirstOrDefault(File.Exists);
        if (executable is null) return false;
        using (var launcher = Process.Start(new ProcessStartInfo(executable) { UseShellExecute = false }))
            launcher?.WaitForExit((int)timeout.TotalMilliseconds);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (IsRunning) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>Stops auditd (SIGTERM) and waits for it to exit. Returns false when it was not running or did not exit.</summary>
    public bool Stop(TimeSpan timeout)
    {
        if (RunningPid is not { } pid) return false;
        if (LibC.kill(pid, LibC.SIGTERM) != 0) return false;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (!Directory.Exists($"/proc/{pid}")) return true;
            Thread.Sleep(20);
        }
        return false;
    }
}
