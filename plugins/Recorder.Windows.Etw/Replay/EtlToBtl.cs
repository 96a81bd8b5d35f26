using Recorder.Windows.Etw.Etl;

namespace Recorder.Windows.Etw.Replay;

/// <summary>An .etl file as a BPerf trace log: the trace header first, then the merged events.</summary>
public static class EtlToBtl
{
    /// <summary>Writes every event of <paramref name="reader"/> to <paramref name="output"/>; returns how many were written.</summary>
    public static long Convert(EtlReader reader, Stream output, CancellationToken cancellationToken = default)
    {
        using var writer = new BtlWriter(output);
        writer.WriteHeader(reader.HeaderEvent, reader.Header);
        foreach (var record in reader.ReadEvents(cancellationToken)) writer.Write(record);
        writer.Flush();
        return writer.Count;
    }
}
