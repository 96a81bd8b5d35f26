namespace Recorder.Linux.Audit.Auditd;

/// <summary>Control of the auditd service on this machine.</summary>
public interface IAuditdService
{
    /// <summary>The auditd daemon is installed.</summary>
    bool IsInstalled { get; }

    /// <summary>An auditd process is running now.</summary>
    bool IsRunning { get; }

    /// <summary>The installed version, or null when it cannot be found.</summary>
    Version? GetVersion();

    /// <summary>Stops the running auditd and starts it again, so it reads its configuration anew.</summary>
    void Restart();
}
