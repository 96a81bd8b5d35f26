namespace Recorder.Linux.Audit.Parsing;

/// <summary>Why a record could not be parsed. Malformed records are counted and reported, never fatal.</summary>
public enum AuditParseError
{
    None = 0,
    /// <summary>The line is empty or only whitespace.</summary>
    Empty,
    /// <summary>No <c>type=</c> at the start (after an optional <c>node=</c>).</summary>
    MissingType,
    /// <summary>The <c>type=</c> name is not a known record type.</summary>
    UnknownType,
    /// <summary>No <c>msg=audit(</c> header.</summary>
    MissingHeader,
    /// <summary>The <c>audit(SECONDS.MILLIS:SERIAL)</c> header is not well formed.</summary>
    BadHeader,
}

/// <summary>Human-readable text for <see cref="AuditParseError"/>.</summary>
public static class AuditParseErrorText
{
    /// <summary>A sentence describing the error.</summary>
    public static string Describe(this AuditParseError error) => error switch
    {
        AuditParseError.None => "no error",
        AuditParseError.Empty => "empty line",
        AuditParseError.MissingType => "no 'type=' field at the start of the record",
        AuditParseError.UnknownType => "unknown record type name",
        AuditParseError.MissingHeader => "no 'msg=audit(' header",
        AuditParseError.BadHeader => "malformed 'audit(SECONDS.MILLIS:SERIAL)' header",
        _ => error.ToString(),
    };
}
