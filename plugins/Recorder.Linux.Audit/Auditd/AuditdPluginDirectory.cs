namespace Recorder.Linux.Audit.Auditd;

/// <summary>
/// Finds the folder the installed auditd reads plugin configurations from, the way auditd itself decides:
/// <list type="bullet">
/// <item>auditd 3.x dispatches itself and reads <c>plugin_dir</c> from <c>auditd.conf</c> (default
/// <c>/etc/audit/plugins.d</c>);</item>
/// <item>auditd 2.x hands records to a separate audispd (<c>dispatcher = /sbin/audispd</c> in <c>auditd.conf</c>),
/// which reads <c>plugin_dir</c> from <c>/etc/audisp/audispd.conf</c> (default <c>/etc/audisp/plugins.d</c>).</item>
/// </list>
/// A folder merely existing decides only when the configuration says neither: machines upgraded from 2.x keep
/// <c>/etc/audisp/plugins.d</c>, and a 2.x machine may have an <c>/etc/audit/plugins.d</c> that nothing reads.
/// </summary>
public sealed class AuditdPluginDirectory
{
    private const string AuditdConf = "/etc/audit/auditd.conf";
    private const string AudispdConf = "/etc/audisp/audispd.conf";
    private const string Version3Default = "/etc/audit/plugins.d";
    private const string Version2Default = "/etc/audisp/plugins.d";

    private readonly string _root;

    /// <summary>Looks under <paramref name="root"/> (<c>/</c> on a real machine; a test folder in tests).</summary>
    public AuditdPluginDirectory(string root = "/") => _root = root;

    /// <summary>The plugin folder (a path under the root) when it exists, else null.</summary>
    public string? Find()
    {
        var auditd = Read(AuditdConf);
        if (auditd?.Get("plugin_dir") is { Length: > 0 } configured) return Existing(configured);
        if (auditd?.Get("dispatcher") is { Length: > 0 })
            return Existing(Read(AudispdConf)?.Get("plugin_dir") is { Length: > 0 } audispd ? audispd : Version2Default);
        // Neither key: auditd.conf missing or minimal. Prefer 3.x's default, as auditd 3.x does with no plugin_dir.
        return Existing(Version3Default) ?? Existing(Version2Default);
    }

    private AuditdConfigFile? Read(string path)
    {
        try
        {
            return AuditdConfigFile.Parse(File.ReadAllText(Under(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string? Existing(string path)
    {
        var full = Under(path.TrimEnd('/'));
        return Directory.Exists(full) ? full : null;
    }

    private string Under(string absolute) => _root == "/" ? absolute : Path.Join(_root, absolute);
}
