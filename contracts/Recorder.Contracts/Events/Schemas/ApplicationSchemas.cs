namespace Recorder.Contracts.Events;

/// <summary>The schema of <c>dns.query</c>.</summary>
public sealed class DnsQuerySchema : EventSchema
{
    internal DnsQuerySchema() : base(EventTypes.DnsQuery, "A process resolved a name.",
    [
        new("dns.name", FieldType.String, "Name queried."),
        new("dns.type", FieldType.String, "Record type (A, AAAA, ...)."),
        new("dns.status", FieldType.Int64, "Response status code."),
        new("dns.answers", FieldType.String, "Answers, separated by ';'."),
    ])
    {
        QueryName = Key<string?>("dns.name");
        QueryType = Key<string?>("dns.type");
        Status = Key<long?>("dns.status");
        Answers = Key<string?>("dns.answers");
    }

    /// <summary><c>dns.name</c>.</summary>
    public FieldKey<string?> QueryName { get; }
    /// <summary><c>dns.type</c>.</summary>
    public FieldKey<string?> QueryType { get; }
    /// <summary><c>dns.status</c>.</summary>
    public FieldKey<long?> Status { get; }
    /// <summary><c>dns.answers</c>.</summary>
    public FieldKey<string?> Answers { get; }
}

/// <summary>The schema of <c>http.header</c>.</summary>
public sealed class HttpHeaderSchema : EventSchema
{
    internal HttpHeaderSchema() : base(EventTypes.HttpHeader, "A process sent or received HTTP headers.",
    [
        new("http.url", FieldType.String, "Request URL."),
        new("http.method", FieldType.String, "Request method."),
        new("http.headers", FieldType.String, "Header lines, separated by CRLF."),
        new("http.direction", FieldType.String, "request or response."),
    ])
    {
        Url = Key<string?>("http.url");
        Method = Key<string?>("http.method");
        Headers = Key<string?>("http.headers");
        Direction = Key<string?>("http.direction");
    }

    /// <summary><c>http.url</c>.</summary>
    public FieldKey<string?> Url { get; }
    /// <summary><c>http.method</c>.</summary>
    public FieldKey<string?> Method { get; }
    /// <summary><c>http.headers</c>.</summary>
    public FieldKey<string?> Headers { get; }
    /// <summary><c>http.direction</c>.</summary>
    public FieldKey<string?> Direction { get; }
}
