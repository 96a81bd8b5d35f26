using System.Globalization;

namespace Recorder.Linux.Audit.Auditd;

/// <summary>
/// The kernel audit status as <c>auditctl -s</c> prints it (<c>enabled 2</c>, <c>backlog_limit 8192</c>, ...), for
/// when the status is read through auditctl rather than AUDIT_GET. <c>enabled 2</c> (or <c>enabled+immutable</c>
/// with <c>-i</c>) means the configuration is immutable: rules cannot change until reboot, and the recorder can only
/// read events (multicast).
/// </summary>
public sealed class AuditctlStatus
{
    private readonly Dictionary<string, string> _values;

    private AuditctlStatus(Dictionary<string, string> values) => _values = values;

    public static AuditctlStatus Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            values.TryAdd(line[..space], line[(space + 1)..].Trim());
        }
        return new AuditctlStatus(values);
    }

    /// <summary>0 disabled, 1 enabled, 2 enabled and immutable; null when the text has no <c>enabled</c> line.</summary>
    public int? Enabled => _values.GetValueOrDefault("enabled") switch
    {
        null => null,
        "disable" => 0,
        "enabled" => 1,
        "enabled+immutable" => 2,
        var number => int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null,
    };

    /// <summary>Rules and settings are locked until reboot (<c>auditctl -e 2</c>).</summary>
    public bool IsImmutable => Enabled == 2;

    public uint? Pid => Number("pid");

    public uint? BacklogLimit => Number("backlog_limit");

    public uint? Backlog => Number("backlog");

    public uint? Lost => Number("lost");

    public uint? BacklogWaitTime => Number("backlog_wait_time");

    /// <summary>Any other line, by its name.</summary>
    public string? this[string name] => _values.GetValueOrDefault(name);

    private uint? Number(string name) =>
        uint.TryParse(_values.GetValueOrDefault(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
