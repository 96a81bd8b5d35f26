using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Kernel;
using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>
/// File, registry and TCP events checked field by field on libtrace's real kernel payloads: each payload replayed
/// through TraceEvent as the ETL import replays them, TraceEvent's decoded fields compared with the vector's expected
/// values, and the Recorder event the one mapping makes of it compared with the same values.
/// </summary>
public class PayloadVectorMappingTests
{
    private static List<RecorderEvent> Map(params string[] names)
    {
        var events = new List<RecorderEvent>();
        PayloadVectors.Replay(names, source => new EtwEventMapper(new EtwProcessTable("vectors"), _ => true, events.Add).Attach(source));
        return events;
    }

    private static string Expected(string vector, string field) => Text(PayloadVectors.Named(vector).GetProperty("expected").GetProperty(field));

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>TraceEvent's name for a libtrace field, when they differ.</summary>
    private static string TraceEventName(string name, string group, string field) => (group, field) switch
    {
        ("FileIO", "OpenPath") => "FileName",
        // The kernel's value operations carry the value's name where the others carry the key's.
        ("Registry", "KeyName") when name.Contains("Value", StringComparison.Ordinal) => "ValueName",
        _ => field,
    };

    /// <summary>libtrace's fields TraceEvent does not give as such (the thread is the header's, times become durations, CreateOptions is split).</summary>
    private static bool Derived(string field) => field is "TTID" or "InitialTime" or "CreateOptions" or "startime" or "endtime";

    private static readonly HashSet<string> NoTraceEventTemplate =
    [
        "kRegistrySetSecurityPayloadV2", "kRegistryQuerySecurityPayloadV2", "kRegistryCountersPayloadV2", "kRegistryCountersPayload32bitsV2",
        "kRegistryConfigPayloadV2", "kFileIODletePathPayloadV3", "kFileIORenamePathPayloadV3", "kRegistryKCBCreatePayload32bitsV1",
    ];

    public static IEnumerable<object[]> FileRegistryTcpVectors() =>
        PayloadVectors.OfGroup("FileIO").Concat(PayloadVectors.OfGroup("Registry")).Concat(PayloadVectors.OfGroup("TcpIp"));

    [Theory]
    [MemberData(nameof(FileRegistryTcpVectors))]
    public void TraceEvent_decodes_every_file_registry_and_tcp_payload_field_as_libtrace_does(string name)
    {
        var vector = PayloadVectors.Named(name);
        var group = vector.GetProperty("group").GetString()!;
        var decoded = new List<TraceEvent>();
        PayloadVectors.Replay([name], source =>
        {
            source.Kernel.All += data => { if (data is not EventTraceHeaderTraceData) decoded.Add(data.Clone()); };
            source.UnhandledEvents += data => decoded.Add(data.Clone());
        });
        Assert.True(decoded.Count == 1, string.Join(", ", decoded.Select(d => $"{d.ProviderName}/{d.EventName} {d.Opcode} {d.ProviderGuid}")));
        var data = decoded[0];
        if (NoTraceEventTemplate.Contains(name))
        {
            // TraceEvent 4.0.0 has no template for these opcodes (or this old version): they arrive undecoded, as on Windows.
            Assert.True(data.GetType().Name == "UnhandledTraceEvent" || data is RegistryTraceData { Version: < 2, KeyName: "" },
                $"{name}: decoded as {data.GetType().Name}");
            return;
        }
        Assert.Equal((int)vector.GetProperty("opcode").GetByte(), (int)data.Opcode);
        var compared = 0;
        foreach (var field in vector.GetProperty("expected").EnumerateObject())
        {
            if (Derived(field.Name)) continue;
            var index = Array.IndexOf(data.PayloadNames, TraceEventName(name, group, field.Name));
            if (index < 0) continue; // fields TraceEvent does not expose (reserved, counters of events we do not map)
            compared++;
            // The typed property is what the mapping reads; PayloadValue is the fallback for fields without one.
            var property = data.GetType().GetProperty(TraceEventName(name, group, field.Name));
            var value = property is null ? data.PayloadValue(index) : property.GetValue(data);
            if (data is RegistryTraceData registry && field.Name == "Status") value = RegistryStatus.Of(registry);
            if (data is RegistryTraceData && field.Name == "Index") continue; // always 0 in TraceEvent 4.0.0, not mapped
            var actual = Normalize(value, field.Name);
            Assert.True(Text(field.Value) == actual, $"{name}.{field.Name}: libtrace {Text(field.Value)}, TraceEvent {actual}");
        }
        Assert.True(compared >= 1, $"{name}: no field compared");
    }

    /// <summary>TraceEvent's typed values in libtrace's terms: addresses and ports as the raw little-endian integers of their network-order bytes.</summary>
    private static string Normalize(object? value, string field) => value switch
    {
        IPAddress address => BitConverter.ToUInt32(address.GetAddressBytes()).ToString(CultureInfo.InvariantCulture),
        int port when field is "dport" or "sport" => ((ushort)IPAddress.HostToNetworkOrder((short)port)).ToString(CultureInfo.InvariantCulture),
        Enum flags => Convert.ToUInt64(flags, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        int signed when field is "Status" => unchecked((uint)signed).ToString(CultureInfo.InvariantCulture),
        int signed when field.StartsWith("Io", StringComparison.Ordinal) => signed.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    [Fact]
    public void Tcp_connect_becomes_network_connect_with_both_endpoints_and_the_payloads_process()
    {
        var e = Assert.Single(Map("kTcplpConnectIPV4Payload32bitsV2"));
        Assert.Equal(EventTypes.NetworkConnect, e.Type);
        var schema = EventSchemas.NetworkConnect;
        Assert.Equal(long.Parse(Expected("kTcplpConnectIPV4Payload32bitsV2", "PID"), CultureInfo.InvariantCulture), e.Process.Pid);
        Assert.Equal("tcp", e.Get(schema.Transport));
        Assert.Equal("inet", e.Get(schema.Family));
        // libtrace's daddr 353238403 is the bytes 83 fd 0d 15: 131.253.13.21; dport 20480 is 00 50: port 80.
        Assert.Equal("131.253.13.21", e.Get(schema.RemoteAddress));
        Assert.Equal(80, e.Get(schema.RemotePort));
        Assert.Equal("172.29.12.123", e.Get(schema.LocalAddress));
        Assert.Equal(64858, e.Get(schema.LocalPort));

        var anonymised = Assert.Single(Map("kTcplpConnectIPV4PayloadV2"));
        Assert.Equal(6784, anonymised.Process.Pid);
        Assert.Equal("2.0.0.0", anonymised.Get(schema.RemoteAddress));
        Assert.Equal(2048, anonymised.Get(schema.RemotePort));
    }

    [Fact]
    public void Sends_receives_and_disconnects_are_not_connections()
    {
        Assert.Empty(Map("kTcplpSendIPV4PayloadV2", "kTcplpRecvIPV4PayloadV2", "kTcplpDisconnectIPV4PayloadV2", "kTcplpRetransmitIPV4PayloadV2", "kTcplpTCPCopyIPV4PayloadV2"));
    }

    [Fact]
    public void Registry_key_create_and_value_set_carry_key_value_and_status()
    {
        var created = Assert.Single(Map("kRegistryCreatePayload32bitsV2"));
        Assert.Equal(EventTypes.RegistryKeyCreate, created.Type);
        Assert.Equal(Expected("kRegistryCreatePayload32bitsV2", "KeyName"), created.Get(EventSchemas.RegistryKeyCreate.KeyPath));
        Assert.Equal(EventOutcome.Success, created.Outcome);
        Assert.Equal(PayloadVectors.HeaderProcessId, created.Process.Pid);

        // The kernel's SetValue names the value; its key is the handle's (resolved when the key's KCB was seen).
        var set = Assert.Single(Map("kRegistrySetValuePayloadV2"));
        Assert.Equal(EventTypes.RegistryValueSet, set.Type);
        Assert.Equal(Expected("kRegistrySetValuePayloadV2", "KeyName"), set.Get(EventSchemas.RegistryValueSet.Value));
        Assert.Equal(@"{Q65231O0-O2S1-4857-N4PR-N8R7P6RN7Q27}\pzq.rkr", Assert.Single(Map("kRegistrySetValuePayload32bitsV2")).Get(EventSchemas.RegistryValueSet.Value));
    }

    [Fact]
    public void A_failed_registry_operation_is_a_failure_with_its_ntstatus_although_TraceEvent_reports_status_0()
    {
        // TraceEvent 4.0.0's RegistryTraceData.Status reads the field and returns 0; the mapping reads the payload.
        RegistryTraceData? decoded = null;
        PayloadVectors.Replay(["kRegistryQueryValuePayloadV2"], source => source.Kernel.RegistryQueryValue += data => decoded = (RegistryTraceData)data.Clone());
        Assert.Equal(0, decoded!.Status);
        Assert.Equal(unchecked((int)0xC0000034), RegistryStatus.Of(decoded));
    }

    [Fact]
    public void Registry_reads_opens_and_kcb_bookkeeping_are_not_changes()
    {
        Assert.Empty(Map("kRegistryOpenPayloadV2", "kRegistryQueryValuePayloadV2", "kRegistryQueryPayloadV2", "kRegistryKCBCreatePayloadV2",
            "kRegistryKCBDeletePayloadV2", "kRegistryEnumerateKeyPayloadV2", "kRegistryClosePayloadV2", "kRegistrySetInformationPayloadV2"));
    }

    [Fact]
    public void File_opens_that_only_open_are_not_creates()
    {
        // libtrace's Create payloads all open existing files (disposition 1, FILE_OPEN, in CreateOptions' high byte).
        foreach (var name in new[] { "kFileIOCreatePayloadV2", "kFileIOCreatePayload32bitsV2", "kFileIOCreatePayloadV3" })
        {
            Assert.Equal(1u, uint.Parse(Expected(name, "CreateOptions"), CultureInfo.InvariantCulture) >> 24);
            Assert.DoesNotContain(Map(name), e => e.Type == EventTypes.FileCreate);
        }
    }

    [Fact]
    public void File_delete_names_the_file_its_file_key_was_named_for()
    {
        // The FileIO name event and the delete share the file key 2978713848 in libtrace's 32-bit vectors.
        Assert.Equal(Expected("kFileIOFileDeletePayload32bitsV2", "FileObject"), Expected("kFileIODeletePayload32bitsV2", "FileKey"));
        var deleted = Assert.Single(Map("kFileIOFileCreatePayload32bitsV2", "kFileIOFileDeletePayload32bitsV2", "kFileIODeletePayload32bitsV2"),
            e => e.Type == EventTypes.FileDelete);
        Assert.Equal(PayloadVectors.HeaderProcessId, deleted.Process.Pid);
        Assert.Equal($"0x{ulong.Parse(Expected("kFileIODeletePayload32bitsV2", "FileObject"), CultureInfo.InvariantCulture):x}", deleted.Tags["windows.file_object"]);
        Assert.Equal(Expected("kFileIOFileDeletePayload32bitsV2", "FileName"), deleted.Get(EventSchemas.FileDelete.Path));
    }

    [Fact]
    public void File_rename_and_write_become_file_rename_and_one_file_write_per_file_object()
    {
        var events = Map("kFileIORenamePayloadV3", "kFileIOWritePayloadV3", "kFileIOWritePayloadV3");
        var rename = Assert.Single(events, e => e.Type == EventTypes.FileRename);
        Assert.Equal($"0x{ulong.Parse(Expected("kFileIORenamePayloadV3", "FileObject"), CultureInfo.InvariantCulture):x}", rename.Tags["windows.file_object"]);
        var write = Assert.Single(events, e => e.Type == EventTypes.FileWrite);
        Assert.Equal($"0x{ulong.Parse(Expected("kFileIOWritePayloadV3", "FileObject"), CultureInfo.InvariantCulture):x}", write.Tags["windows.file_object"]);
    }
}
