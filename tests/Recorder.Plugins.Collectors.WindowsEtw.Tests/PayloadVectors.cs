using System.Text.Json;
using Microsoft.Diagnostics.Tracing;
using Recorder.Plugins.Collectors.WindowsEtw.Replay;
using Recorder.Windows.Etw.Etl;
using Recorder.Windows.Etw.Replay;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>
/// libtrace's kernel payload vectors (real payloads with their decoded values, ../shared/data/windows/etw-payload-vectors)
/// and how to replay one through TraceEvent: a trace log holding the vectors' own EventTrace header and the payload as
/// a classic kernel event of its class GUID, opcode, version and pointer size, as Windows' ProcessTrace would give it.
/// </summary>
internal static class PayloadVectors
{
    public const int HeaderProcessId = 1234;
    public const int HeaderThreadId = 5678;

    public static string PathOf => Path.Combine(RepoPaths.SharedData, "windows", "etw-payload-vectors", "vectors.json");

    public static readonly List<JsonElement> All = JsonDocument.Parse(File.ReadAllText(PathOf)).RootElement.EnumerateArray().ToList();

    public static JsonElement Named(string name) => All.Single(v => v.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> OfGroup(string group) =>
        All.Where(v => v.GetProperty("group").GetString() == group).Select(v => new object[] { v.GetProperty("name").GetString()! });

    private static byte[] Payload(JsonElement vector) => Convert.FromHexString(vector.GetProperty("payload_hex").GetString()!);

    /// <summary>Replays the vectors named (in order) and lets <paramref name="attach"/> subscribe before the events are dispatched.</summary>
    public static void Replay(IEnumerable<string> names, Action<TraceEventDispatcher> attach)
    {
        var header = Named("kEventTraceEventHeaderPayloadV2");
        var headerPayload = Payload(header);
        var logfile = TraceLogfileHeader.Read(headerPayload, is64Bit: true)!;
        var headerEvent = new EtlRecord
        {
            ProviderId = KernelEventClasses.EventTrace, Opcode = 0, Version = 2,
            Flags = EtlRecord.FlagClassicHeader | EtlRecord.Flag64BitHeader, ThreadId = 0, ProcessId = 0, TimeStamp = 1000,
            HeaderSize = 32, Payload = headerPayload,
        };
        var directory = Directory.CreateTempSubdirectory("recorder-etw-vectors-").FullName;
        try
        {
            var btl = Path.Combine(directory, "vectors.btl");
            using (var output = File.Create(btl))
            using (var writer = new BtlWriter(output))
            {
                writer.WriteHeader(headerEvent, logfile);
                var time = 2000L;
                foreach (var name in names)
                {
                    var vector = Named(name);
                    writer.Write(new EtlRecord
                    {
                        ProviderId = Guid.Parse(vector.GetProperty("provider_guid").GetString()!),
                        Opcode = vector.GetProperty("opcode").GetByte(),
                        Version = vector.GetProperty("version").GetByte(),
                        Flags = (ushort)(EtlRecord.FlagClassicHeader | (vector.GetProperty("pointer_size").GetInt32() == 8 ? EtlRecord.Flag64BitHeader : EtlRecord.Flag32BitHeader)),
                        ThreadId = HeaderThreadId, ProcessId = HeaderProcessId, TimeStamp = time += 1000, HeaderSize = 32,
                        Payload = Payload(vector),
                    });
                }
            }
            using var source = new BPerfEventSource(btl, new TraceEventDispatcherOptions(), new byte[2 << 20], new byte[2 << 20], false,
                (input, offset, length, outputBuffer, _) => { Buffer.BlockCopy(input, offset, outputBuffer, 0, length); return length; });
            source.Kernel.KernelPathToUserPathMapper = KernelPaths.Keep;
            attach(source);
            source.Process();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
