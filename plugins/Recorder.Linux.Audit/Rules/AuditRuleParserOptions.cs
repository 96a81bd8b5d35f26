namespace Recorder.Linux.Audit.Rules;

/// <summary>What the parser asks of the machine: its architecture, its file system, its users and groups.</summary>
public sealed class AuditRuleParserOptions
{
    /// <summary>Options that look at this machine (what auditctl does).</summary>
    public static AuditRuleParserOptions Default { get; } = new();

    /// <summary>The architecture <c>b64</c>/<c>b32</c> and rules without <c>arch=</c> refer to.</summary>
    public uint NativeArch { get; init; } = AuditArch.Native;

    /// <summary>
    /// Whether a watched path is a directory: <c>-w /dir</c> becomes a <c>dir</c> condition (whole subtree) and
    /// <c>-w /file</c> a <c>path</c> condition, as auditctl decides by stat().
    /// </summary>
    public Func<string, bool> IsDirectory { get; init; } = Directory.Exists;

    /// <summary>Resolves a user name to its uid (<c>uid=root</c>); null when unknown.</summary>
    public Func<string, uint?> ResolveUser { get; init; } = UserAccounts.TryGetUserId;

    /// <summary>Resolves a group name to its gid (<c>gid=adm</c>); null when unknown.</summary>
    public Func<string, uint?> ResolveGroup { get; init; } = UserAccounts.TryGetGroupId;
}
