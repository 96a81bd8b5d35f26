using System.Buffers.Binary;
using System.Text.Json;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// Writes a small .etl file as a Windows kernel logger lays one out: the real Windows 10 trace's header buffer (its
/// session header event unchanged), then one buffer of classic kernel events with SYSTEM_TRACE_HEADERs (group, type,
/// version, thread, process, timestamp), whose payloads are libtrace's real kernel payloads. So file, registry and
/// TCP events, which the real trace lacks, go through the whole import: reader, group-to-GUID table, TraceEvent,
/// mapping, store.
/// </summary>
internal sealed class EtlTraceBuilder
{
    private const int BufferSize = 4096;
    private const int BufferHeaderSize = 0x48;
    private const long HeaderTimeStamp = 6_365_537; // the real header's clock value at its start time (10 MHz)
    private readonly List<byte[]> _events = new();

    private static readonly List<JsonElement> Vectors = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepoPaths.SharedData, "windows", "etw-payload-vectors", "vectors.json"))).RootElement.EnumerateArray().ToList();

    /// <summary>Adds libtrace's payload <paramref name="vector"/> as group <paramref name="group"/>, logged by <paramref name="pid"/> <paramref name="secondsAfterStart"/> after the session start.</summary>
    public EtlTraceBuilder Add(string vector, byte group, int pid, int secondsAfterStart)
    {
        var v = Vectors.Single(x => x.GetProperty("name").GetString() == vector);
        var payload = Convert.FromHexString(v.GetProperty("payload_hex").GetString()!);
        var is64 = v.GetProperty("pointer_size").GetInt32() == 8;
        var e = new byte[32 + payload.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(e, v.GetProperty("version").GetUInt16());
        e[2] = (byte)(is64 ? 0x02 : 0x01);
        e[3] = 0xC0;
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(4), (ushort)e.Length);
        e[6] = v.GetProperty("opcode").GetByte();
        e[7] = group;
        BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(8), 100); // thread
        BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(12), pid);
        BinaryPrimitives.WriteInt64LittleEndian(e.AsSpan(16), HeaderTimeStamp + secondsAfterStart * 10_000_000L);
        payload.CopyTo(e, 32);
        _events.Add(e);
        return this;
    }

    public void Write(string path)
    {
        var real = File.ReadAllBytes(Path.Combine(RepoPaths.SharedData, "windows", "etl", "ShutdownPerfDiagLogger.etl"));
        var header = real[..BufferSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, BufferSize); // its 688 bytes of data fit in a smaller buffer
        var events = new byte[BufferSize];
        Array.Fill(events, (byte)0xFF);
        real.AsSpan(65536, BufferHeaderSize).CopyTo(events); // a real event buffer's header: CPU 0, logger, flags
        var at = BufferHeaderSize;
        foreach (var e in _events)
        {
            e.CopyTo(events, at);
            at += (e.Length + 7) & ~7;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(events, BufferSize);
        BinaryPrimitives.WriteUInt32LittleEndian(events.AsSpan(4), (uint)at);
        BinaryPrimitives.WriteUInt32LittleEndian(events.AsSpan(8), (uint)at);
        File.WriteAllBytes(path, [.. header, .. events]);
    }
}
