namespace Recorder.Linux.Audit.Parsing;

/// <summary>Where one <c>name=value</c> pair lies in its record's buffer. No strings: offsets only.</summary>
public readonly struct AuditRecordField
{
    internal AuditRecordField(int nameStart, int nameLength, int valueStart, int valueLength, AuditRecordFieldFlags flags)
    {
        NameStart = nameStart;
        NameLength = nameLength;
        ValueStart = valueStart;
        ValueLength = valueLength;
        Flags = flags;
    }

    internal int NameStart { get; }
    internal int NameLength { get; }
    internal int ValueStart { get; }
    internal int ValueLength { get; }

    /// <summary>How the value was written.</summary>
    public AuditRecordFieldFlags Flags { get; }

    /// <summary>The value was in double (or single) quotes; the stored value excludes them.</summary>
    public bool IsQuoted => (Flags & AuditRecordFieldFlags.Quoted) != 0;

    /// <summary>The field came after the 0x1D separator of the ENRICHED format (a translated value).</summary>
    public bool IsEnriched => (Flags & AuditRecordFieldFlags.Enriched) != 0;
}

/// <summary>How a field value was written.</summary>
[Flags]
public enum AuditRecordFieldFlags : byte
{
    None = 0,
    /// <summary>In double quotes.</summary>
    Quoted = 1,
    /// <summary>In single quotes (other than the nested <c>msg='...'</c>, whose fields are flattened).</summary>
    SingleQuoted = 2,
    /// <summary>After the 0x1D byte of the ENRICHED format.</summary>
    Enriched = 4,
    /// <summary>Made by the parser, not read verbatim (AVC <c>seresult</c>/<c>seperms</c>).</summary>
    Synthetic = 8,
}
