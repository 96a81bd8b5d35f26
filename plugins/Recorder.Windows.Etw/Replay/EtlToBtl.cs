using System.Buffers.Binary;
using Recorder.Windows.Etw.Etl;

namespace Recorder.Windows.Etw.Replay;

/// <summary>An .etl file as a BPerf trace log: the trace header first, then the merged events.</summary>
public static class EtlToBtl
{
    /// <summary>
    /// Writes every event of <paramref name="reader"/> to <paramref name="output"/>, and the file offset of each (8
    /// bytes, in replay order: the index TraceEvent gives it) to <paramref name="offsets"/> when given, so that an
    /// event the replay cannot decode can be named by its place in the file. Returns how many were written.
    /// </summary>
    public static long Convert(EtlReader reader, Stream output, Stream? offsets = null, CancellationToken cancellationToken = default)
    {
        using var writer = new BtlWriter(output);
        Span<byte> offset = stackalloc byte[8];
        writer.WriteHeader(reader.HeaderEvent, reader.Header);
        Record(reader.HeaderEvent.FileOffset, offset);
        foreach (var record in reader.ReadEvents(cancellationToken))
        {
            writer.Write(record);
            Record(record.FileOffset, offset);
        }
        writer.Flush();
        offsets?.Flush();
        return writer.Count;

        void Record(long fileOffset, Span<byte> bytes)
        {
            if (offsets is null) return;
            BinaryPrimitives.WriteInt64LittleEndian(bytes, fileOffset);
            offsets.Write(bytes);
        }
    }
}
