using Microsoft.Diagnostics.Tracing;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>
/// Microsoft-Windows-DNS-Client (Windows 8.1 / Server 2012 R2 and later): event 3008, a query completed (QueryName,
/// QueryType, QueryOptions, QueryStatus, QueryResults), and 3020, a response on one interface (QueryName, QueryType,
/// NetworkIndex, InterfaceIndex, Status, QueryResults). The header's process is the one that asked.
/// </summary>
internal static class DnsClientEvents
{
    public static readonly Guid ProviderId = new("1c95126e-7eea-49a9-a3fe-a378b03ddb4d");
    public const int QueryCompleted = 3008;
    public const int QueryResponse = 3020;

    public static RecorderEvent? Map(TraceEvent data)
    {
        var id = (int)data.ID;
        if (id is not (QueryCompleted or QueryResponse)) return null;
        var payload = new ManifestPayload(data.EventData());
        var name = payload.WideString();
        var type = payload.UInt32();
        uint? status;
        if (id == QueryCompleted)
        {
            payload.UInt64(); // QueryOptions
            status = payload.UInt32();
        }
        else
        {
            payload.UInt32(); // NetworkIndex
            payload.UInt32(); // InterfaceIndex
            status = payload.UInt32();
        }
        var results = payload.WideString();
        if (string.IsNullOrEmpty(name)) return null;
        var schema = EventSchemas.DnsQuery;
        var e = new RecorderEvent(schema)
        {
            Time = EtwEventMapper.Utc(data),
            Outcome = status is null or 0 ? EventOutcome.Success : EventOutcome.Failure,
            ResultCode = status is null or 0 ? null : status,
        };
        e.Tags[EtwEventMapper.SourceEventTag] = $"DNS-Client/{id}";
        e.Set(schema.QueryName, name);
        e.Set(schema.QueryType, type is { } t ? RecordType(t) : null);
        e.Set(schema.Status, status);
        e.Set(schema.Answers, string.IsNullOrEmpty(results) ? null : results.TrimEnd(';'));
        return e;
    }

    private static string RecordType(uint type) => type switch
    {
        1 => "A", 2 => "NS", 5 => "CNAME", 6 => "SOA", 12 => "PTR", 15 => "MX", 16 => "TXT", 28 => "AAAA", 33 => "SRV", 65 => "HTTPS",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
