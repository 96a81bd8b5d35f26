namespace Recorder.Linux.Audit.Auditd;

/// <summary>What <see cref="AuditdConfigurator.Apply"/> found and did.</summary>
/// <param name="ConfigPath">The auditd.conf looked at.</param>
/// <param name="FileFound">False when there is no auditd.conf (auditd not installed): nothing to do.</param>
/// <param name="AuditdVersion">The version the policy was applied for; null when it could not be found (then nothing is changed).</param>
/// <param name="Changes">What changed in the file; empty when it already suited.</param>
/// <param name="BackupPath">The copy of the previous file, when the file was rewritten.</param>
/// <param name="Restarted">auditd was running and was restarted to read the new file.</param>
public sealed record AuditdConfigResult(
    string ConfigPath,
    bool FileFound,
    Version? AuditdVersion,
    IReadOnlyList<AuditdConfigChange> Changes,
    string? BackupPath,
    bool Restarted);

/// <summary>
/// Brings auditd.conf in line with <see cref="AuditdConfigPolicy"/> at recorder start: reads it, applies the policy
/// for the installed version, and only if something changed writes it atomically (keeping a backup) and restarts
/// auditd when it is running.
/// </summary>
public sealed class AuditdConfigurator
{
    public const string DefaultConfigPath = "/etc/audit/auditd.conf";

    /// <summary>Suffix of the copy kept of the file as it was before the recorder last changed it.</summary>
    public const string BackupSuffix = ".recorder-backup";

    private readonly IAuditdService _service;
    private readonly string _configPath;

    public AuditdConfigurator(IAuditdService service, string configPath = DefaultConfigPath)
    {
        _service = service;
        _configPath = configPath;
    }

    /// <summary>Applies the policy for the installed auditd (or for <paramref name="version"/>, when given).</summary>
    /// <exception cref="IOException">The file cannot be read or written; the original is left as it was.</exception>
    public AuditdConfigResult Apply(Version? version = null)
    {
        if (!File.Exists(_configPath)) return new AuditdConfigResult(_configPath, false, null, [], null, false);
        version ??= _service.GetVersion();
        if (version is null) return new AuditdConfigResult(_configPath, true, null, [], null, false);

        var original = File.ReadAllText(_configPath);
        var file = AuditdConfigFile.Parse(original);
        var changes = AuditdConfigPolicy.Apply(file, version);
        if (changes.Count == 0) return new AuditdConfigResult(_configPath, true, version, [], null, false);

        var backup = _configPath + BackupSuffix;
        File.Copy(_configPath, backup, overwrite: true);
        WriteAtomically(file.ToString());
        var restarted = false;
        if (_service.IsRunning)
        {
            _service.Restart();
            restarted = true;
        }
        return new AuditdConfigResult(_configPath, true, version, changes, backup, restarted);
    }

    // auditd refuses a configuration that is not owned by root or is writable by others: the new file is created
    // by this (root) process with the original's mode, then renamed over the original.
    private void WriteAtomically(string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_configPath))!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(_configPath) + ".recorder-tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(_configPath));
            File.Move(temporary, _configPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
