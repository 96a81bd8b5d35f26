using System.Globalization;
using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Ecs;

/// <summary>One value of an ECS document: the first present of its Recorder sources, converted for its ECS field.</summary>
internal class EcsLeaf(EcsValueSource[] sources, EcsConversion conversion)
{
    /// <summary>The value to write; absent when no source has one (or the conversion has nothing to give).</summary>
    protected virtual EcsFieldValue Read(RecorderEvent recorderEvent, EcsHostInfo? host)
    {
        foreach (var source in sources)
        {
            var value = source.Read(recorderEvent);
            if (!value.IsAbsent) return conversion == EcsConversion.Sha256Hex && Sha256(value.Text).IsEmpty ? default : value;
        }
        return default;
    }

    public virtual bool IsPresent(RecorderEvent recorderEvent, EcsHostInfo? host) => !Read(recorderEvent, host).IsAbsent;

    public virtual void Write(Utf8JsonWriter writer, JsonEncodedText name, RecorderEvent recorderEvent, EcsHostInfo? host)
    {
        var value = Read(recorderEvent, host);
        switch (value.Kind)
        {
            case EcsValueKind.Long: WriteLong(writer, name, value.Long); break;
            case EcsValueKind.Text: WriteText(writer, name, value.Text!); break;
            case EcsValueKind.Time: writer.WriteString(name, AsUtc(value.Time)); break;
            case EcsValueKind.Guid: writer.WriteString(name, value.Guid); break;
            case EcsValueKind.Boolean: writer.WriteBoolean(name, value.Long != 0); break;
            case EcsValueKind.Double: writer.WriteNumber(name, value.Double); break;
            case EcsValueKind.TextList:
                writer.WriteStartArray(name);
                // Indexed, not foreach: enumerating through the interface would allocate an enumerator per event.
                var list = value.TextList!;
                for (var i = 0; i < list.Count; i++) RepeatedTextJson.WriteStringValue(writer, list[i]);
                writer.WriteEndArray();
                break;
            case EcsValueKind.Ancestors: WriteAncestors(writer, name, value.Ancestors!); break;
        }
    }

    private void WriteLong(Utf8JsonWriter writer, JsonEncodedText name, long value)
    {
        if (conversion == EcsConversion.DnsResponseCode && DnsResponseCodeName(value) is { } code)
        {
            writer.WriteString(name, code);
            return;
        }
        if (conversion is EcsConversion.NumberAsText or EcsConversion.DnsResponseCode)
        {
            Span<char> digits = stackalloc char[20];
            value.TryFormat(digits, out var length, provider: CultureInfo.InvariantCulture);
            writer.WriteString(name, digits[..length]);
            return;
        }
        writer.WriteNumber(name, value);
    }

    private void WriteText(Utf8JsonWriter writer, JsonEncodedText name, string text)
    {
        switch (conversion)
        {
            case EcsConversion.Sha256Hex:
                writer.WriteString(name, Sha256(text));
                break;
            case EcsConversion.NetworkType:
                writer.WriteString(name, text switch { "inet" => "ipv4", "inet6" => "ipv6", _ => text });
                break;
            case EcsConversion.TextArray:
                writer.WriteStartArray(name);
                writer.WriteStringValue(text);
                writer.WriteEndArray();
                break;
            case EcsConversion.DnsAnswers:
                writer.WriteStartArray(name);
                foreach (var range in text.AsSpan().Split(';'))
                {
                    var answer = text.AsSpan()[range].Trim();
                    if (answer.IsEmpty) continue;
                    writer.WriteStartObject();
                    writer.WriteString(DataName, answer);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            default:
                RepeatedTextJson.WriteString(writer, name, text);
                break;
        }
    }

    private void WriteAncestors(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<ProcessAncestor> ancestors)
    {
        writer.WriteStartArray(name);
        for (var i = 0; i < ancestors.Count; i++)
        {
            var ancestor = ancestors[i];
            var text = conversion switch
            {
                EcsConversion.AncestorCommandLines => ancestor.CommandLine,
                EcsConversion.AncestorUserNames => ancestor.UserName,
                _ => ancestor.Executable,
            };
            // Empty rather than skipped, so the three ancestry arrays stay aligned by position.
            RepeatedTextJson.WriteStringValue(writer, text ?? "");
        }
        writer.WriteEndArray();
    }

    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");

    private static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    /// <summary>The hex of the <c>sha256:</c> entry of a Recorder hash; empty when there is none.</summary>
    internal static ReadOnlySpan<char> Sha256(string? hash)
    {
        if (hash is null) return default;
        const string prefix = "sha256:";
        var rest = hash.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var entry = (end < 0 ? rest : rest[..end]).Trim();
            if (entry.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return entry[prefix.Length..];
            rest = end < 0 ? default : rest[(end + 1)..];
        }
        return default;
    }

    /// <summary>The RFC 1035/2136/2845 name of a DNS RCODE; null for codes without one here.</summary>
    internal static string? DnsResponseCodeName(long code) => code switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        _ => null,
    };
}

/// <summary>A value computed from the event as a whole or the host, not from one Recorder field.</summary>
internal sealed class EcsComputedLeaf(Func<RecorderEvent, EcsHostInfo?, EcsFieldValue> read) : EcsLeaf([], EcsConversion.None)
{
    protected override EcsFieldValue Read(RecorderEvent recorderEvent, EcsHostInfo? host) => read(recorderEvent, host);
}

/// <summary>
/// The event's tags as ECS <c>labels</c> (flat keyword pairs): a tag such as <c>audit.key</c> becomes
/// <c>labels.audit_key</c>, because ECS label names must not contain dots.
/// </summary>
internal sealed class EcsLabelsLeaf() : EcsLeaf([], EcsConversion.None)
{
    public override bool IsPresent(RecorderEvent recorderEvent, EcsHostInfo? host) => recorderEvent.HasTags;

    public override void Write(Utf8JsonWriter writer, JsonEncodedText name, RecorderEvent recorderEvent, EcsHostInfo? host)
    {
        if (!recorderEvent.HasTags) return;
        writer.WriteStartObject(name);
        foreach (var (key, value) in recorderEvent.Tags)
        {
            if (key.Contains('.')) writer.WriteString(key.Replace('.', '_'), value);
            else writer.WriteString(key, value);
        }
        writer.WriteEndObject();
    }
}
