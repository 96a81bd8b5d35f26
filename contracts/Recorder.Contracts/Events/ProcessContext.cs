namespace Recorder.Contracts.Events;

/// <summary>
/// Who did it: the process and user context every event carries. Collectors fill what their source knows;
/// enrichers complete the rest (GUIDs, names, hashes, ancestry). Unknown values stay null.
/// </summary>
public sealed class ProcessContext
{
    /// <summary>Deterministic process GUID: stays correct when PIDs are reused and across recorder restarts.</summary>
    public Guid ProcessGuid { get; set; }
    /// <summary>Process id as the OS reported it.</summary>
    public long? Pid { get; set; }
    /// <summary>When the process started (UTC), if known.</summary>
    public DateTime? StartTime { get; set; }
    /// <summary>Path of the executable image.</summary>
    public string? Executable { get; set; }
    /// <summary>Full command line for display, arguments joined with spaces (quoted where they contain spaces).</summary>
    public string? CommandLine { get; set; }
    /// <summary>
    /// The exact argument vector (argv), element 0 included; null when the source does not give it. Bytes that are
    /// not valid UTF-8 are kept as <see cref="LosslessUtf8"/> text, so the original bytes can be recovered.
    /// </summary>
    public IReadOnlyList<string>? Arguments { get; set; }
    /// <summary>Working directory.</summary>
    public string? WorkingDirectory { get; set; }
    /// <summary>Hash of the executable image, as <c>sha256:hex</c> (several joined with <c>;</c> when configured).</summary>
    public string? ExecutableHash { get; set; }
    /// <summary>Why the hash is missing, when it could not be computed (too large, unreadable, gone).</summary>
    public string? HashError { get; set; }

    /// <summary>Real user id.</summary>
    public long? Uid { get; set; }
    /// <summary>Real user name (on Windows the account name without its domain).</summary>
    public string? UserName { get; set; }
    /// <summary>Windows: security identifier of the process token's user, such as <c>S-1-5-21-...-1001</c>.</summary>
    public string? UserSid { get; set; }
    /// <summary>Windows: domain (or computer name for local accounts) of <see cref="UserName"/>.</summary>
    public string? UserDomain { get; set; }
    /// <summary>Effective user id (differs from <see cref="Uid"/> for setuid programs).</summary>
    public long? EffectiveUid { get; set; }
    /// <summary>Effective user name.</summary>
    public string? EffectiveUserName { get; set; }
    /// <summary>Primary group id.</summary>
    public long? Gid { get; set; }
    /// <summary>Primary group name.</summary>
    public string? GroupName { get; set; }
    /// <summary>
    /// Original login user id: survives su and sudo. Linux: the audit uid (auid); macOS: the audit user id of the
    /// audit token (the same auid). Windows keeps the original logon in <see cref="LogonId"/> instead.
    /// </summary>
    public long? LoginUid { get; set; }
    /// <summary>Original login user name.</summary>
    public string? LoginUserName { get; set; }
    /// <summary>Windows: the logon session (LUID of the token's logon, as a number) the process belongs to.</summary>
    public long? LogonId { get; set; }
    /// <summary>Login session id (Linux audit <c>ses</c>, macOS audit session id).</summary>
    public long? SessionId { get; set; }
    /// <summary>Windows: the terminal services session (0 for services, 1 and up for interactive desktops).</summary>
    public long? TerminalSessionId { get; set; }
    /// <summary>Controlling terminal, such as <c>pts/0</c>.</summary>
    public string? Terminal { get; set; }
    /// <summary>Windows: mandatory integrity level of the token: <c>untrusted</c>, <c>low</c>, <c>medium</c>, <c>high</c> or <c>system</c>.</summary>
    public string? IntegrityLevel { get; set; }
    /// <summary>macOS: the audit token's pid version, which with the PID identifies a process across PID reuse.</summary>
    public long? PidVersion { get; set; }
    /// <summary>Id of the container the process runs in (Linux: from its cgroup), null on the host.</summary>
    public string? ContainerId { get; set; }

    /// <summary>Parent's process GUID.</summary>
    public Guid ParentProcessGuid { get; set; }
    /// <summary>Parent's process id.</summary>
    public long? ParentPid { get; set; }
    /// <summary>Parent's executable.</summary>
    public string? ParentExecutable { get; set; }
    /// <summary>Parent's command line.</summary>
    public string? ParentCommandLine { get; set; }

    /// <summary>Ancestors from the parent upwards, when an enricher knows them. Used by ancestry filters.</summary>
    public IReadOnlyList<ProcessAncestor> Ancestors { get; set; } = Array.Empty<ProcessAncestor>();
}

/// <summary>One ancestor of a process, as kept by the process table.</summary>
/// <param name="ProcessGuid">Its GUID.</param>
/// <param name="Pid">Its PID.</param>
/// <param name="Executable">Its executable path.</param>
/// <param name="CommandLine">Its command line.</param>
/// <param name="UserName">The user it ran as.</param>
public sealed record ProcessAncestor(Guid ProcessGuid, long Pid, string? Executable, string? CommandLine, string? UserName);
