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
    /// <summary>Full command line, arguments joined with spaces (quoted where they contain spaces).</summary>
    public string? CommandLine { get; set; }
    /// <summary>Working directory.</summary>
    public string? WorkingDirectory { get; set; }
    /// <summary>Hash of the executable image, as <c>sha256:hex</c> (several joined with <c>;</c> when configured).</summary>
    public string? ExecutableHash { get; set; }
    /// <summary>Why the hash is missing, when it could not be computed (too large, unreadable, gone).</summary>
    public string? HashError { get; set; }

    /// <summary>Real user id.</summary>
    public long? Uid { get; set; }
    /// <summary>Real user name.</summary>
    public string? UserName { get; set; }
    /// <summary>Effective user id (differs from <see cref="Uid"/> for setuid programs).</summary>
    public long? EffectiveUid { get; set; }
    /// <summary>Effective user name.</summary>
    public string? EffectiveUserName { get; set; }
    /// <summary>Primary group id.</summary>
    public long? Gid { get; set; }
    /// <summary>Primary group name.</summary>
    public string? GroupName { get; set; }
    /// <summary>Original login user id (Linux auid): survives su and sudo.</summary>
    public long? LoginUid { get; set; }
    /// <summary>Original login user name.</summary>
    public string? LoginUserName { get; set; }
    /// <summary>Login session id.</summary>
    public long? SessionId { get; set; }
    /// <summary>Controlling terminal, such as <c>pts/0</c>.</summary>
    public string? Terminal { get; set; }

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
