namespace Recorder.Windows.EventLog;

/// <summary>
/// One Windows event as its XML rendering has it: the System header and the named fields of EventData (or the leaf
/// elements of UserData). The EVTX reader and the rendered-XML parser both produce it, so a mapping written against
/// it serves imported files and a live event-log watcher alike. Values are the strings Windows renders (hex integers
/// as <c>0x…</c>, GUIDs in braces, SIDs as <c>S-1-…</c>, times as ISO 8601 UTC).
/// </summary>
public sealed class WindowsEvent
{
    public string Provider { get; init; } = "";
    public string? ProviderGuid { get; init; }
    public int EventId { get; init; }
    public int? Qualifiers { get; init; }
    public int Version { get; init; }
    public int Level { get; init; }
    public int Task { get; init; }
    public int Opcode { get; init; }
    public string? Keywords { get; init; }

    /// <summary>System/TimeCreated/@SystemTime, UTC.</summary>
    public DateTime TimeCreated { get; init; }

    public ulong RecordId { get; init; }
    public string? ActivityId { get; init; }
    public uint ProcessId { get; init; }
    public uint ThreadId { get; init; }
    public string Channel { get; init; } = "";
    public string Computer { get; init; } = "";

    /// <summary>System/Security/@UserID, when the provider records it.</summary>
    public string? UserSid { get; init; }

    /// <summary>EventData's Data elements (name, value) in order; unnamed ones are called <c>Data</c>. For UserData, its leaf elements.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Data { get; init; } = [];

    /// <summary>The first field called <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        foreach (var pair in Data)
            if (string.Equals(pair.Key, name, StringComparison.Ordinal)) return pair.Value;
        return null;
    }
}
