namespace Recorder.Linux.Audit.Auditd;

/// <summary>One change made to auditd.conf, for logs and status.</summary>
public sealed record AuditdConfigChange(string Key, string? OldValue, string? NewValue)
{
    public override string ToString() => (OldValue, NewValue) switch
    {
        (null, _) => $"added {Key} = {NewValue}",
        (_, null) => $"removed {Key} = {OldValue}",
        _ => $"changed {Key} from {OldValue} to {NewValue}",
    };
}

/// <summary>
/// The changes the recorder makes to auditd.conf at start, as the product it replicates does, so that auditd keeps
/// delivering records to plugins while the administrator's choice about writing logs is kept:
/// <list type="bullet">
/// <item>auditd 2.5.2 or later: <c>log_format = NOLOG</c> becomes <c>RAW</c> (NOLOG is deprecated there and stops
/// the dispatcher from getting formatted records); when <c>write_logs</c> is absent it is added as <c>NO</c>, which
/// keeps "no log file"; a <c>write_logs</c> already present keeps its value.</item>
/// <item>auditd before 2.5.2: <c>write_logs</c> is removed (those versions refuse to start on an unknown key).</item>
/// </list>
/// </summary>
public static class AuditdConfigPolicy
{
    /// <summary>The first auditd with <c>write_logs</c>.</summary>
    public static readonly Version WriteLogsVersion = new(2, 5, 2);

    /// <summary>Applies the policy to <paramref name="file"/> in place and returns what changed (empty: nothing).</summary>
    public static IReadOnlyList<AuditdConfigChange> Apply(AuditdConfigFile file, Version auditdVersion)
    {
        var changes = new List<AuditdConfigChange>();
        if (auditdVersion >= WriteLogsVersion)
        {
            var format = file.Get("log_format");
            if (string.Equals(format, "NOLOG", StringComparison.OrdinalIgnoreCase))
            {
                file.Set("log_format", "RAW");
                changes.Add(new AuditdConfigChange("log_format", format, "RAW"));
                if (!file.Contains("write_logs"))
                {
                    file.Insert("write_logs", "NO", afterKey: "log_format");
                    changes.Add(new AuditdConfigChange("write_logs", null, "NO"));
                }
            }
        }
        else
        {
            var writeLogs = file.Get("write_logs");
            if (writeLogs is not null && file.Remove("write_logs") > 0)
                changes.Add(new AuditdConfigChange("write_logs", writeLogs, null));
        }
        return changes;
    }
}
