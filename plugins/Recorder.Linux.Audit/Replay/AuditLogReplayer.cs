using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Replay;

/// <summary>
/// Replays an existing audit log (auditd's RAW or ENRICHED format, or the same lines captured from the auditd
/// plugin stream) through the live pipeline: the same parser, assembler and normaliser. The assembler's clock is
/// the newest record time seen, so timeouts behave as they did live. Malformed lines are counted and reported
/// with their line numbers; the rest of the log is still replayed.
/// </summary>
public sealed class AuditLogReplayer
{
    private readonly Func<string, bool>? _wanted;
    private readonly AuditNormalizerOptions? _normalizerOptions;
    private readonly AuditAssemblerOptions? _assemblerOptions;

    /// <summary>Creates a replayer producing the event types <paramref name="wanted"/> accepts (all when null).</summary>
    public AuditLogReplayer(Func<string, bool>? wanted = null, AuditNormalizerOptions? normalizerOptions = null, AuditAssemblerOptions? assemblerOptions = null)
    {
        _wanted = wanted;
        _normalizerOptions = normalizerOptions;
        _assemblerOptions = assemblerOptions;
    }

    /// <summary>
    /// Reads <paramref name="auditLog"/> to the end and yields its typed events in completion order.
    /// <paramref name="stats"/> is updated as the sequence is enumerated.
    /// </summary>
    public IEnumerable<RecorderEvent> Replay(Stream auditLog, ReplayStats stats, Func<EventSchema, RecorderEvent>? create = null)
    {
        ArgumentNullException.ThrowIfNull(auditLog);
        ArgumentNullException.ThrowIfNull(stats);
        var normalizer = new AuditEventNormalizer(_wanted, _normalizerOptions);
        var pending = new List<RecorderEvent>();
        var pool = new AuditRecordPool();
        var counters = new AuditPipelineCounters();
        stats.Pipeline = counters;
        var assembler = new AuditEventAssembler(group => normalizer.Normalize(group, pending, create), pool, _assemblerOptions, counters);
        return Run(auditLog, stats, assembler, pending, counters);
    }

    private static IEnumerable<RecorderEvent> Run(Stream auditLog, ReplayStats stats, AuditEventAssembler assembler, List<RecorderEvent> pending, AuditPipelineCounters counters)
    {
        var parser = new AuditRecordParser();
        var reader = new AuditLogLineReader(auditLog);
        var pool = assembler.Pool;
        long clock = long.MinValue;
        long lineNumber = 0;

        while (reader.TryReadLine(out var line))
        {
            lineNumber++;
            stats.Lines = lineNumber;
            stats.Bytes = reader.BytesRead;
            if (IsBlank(line.Span)) continue;
            counters.CountReceived();

            var record = pool.Rent();
            if (!parser.TryParseLine(line.Span, record, out var error))
            {
                pool.Return(record);
                counters.CountMalformed();
                stats.AddError(new ReplayError(lineNumber, error.Describe(), Excerpt(line.Span)));
                continue;
            }
            record.LineNumber = lineNumber;
            stats.Records++;
            if (record.UnixTimeMilliseconds > clock) clock = record.UnixTimeMilliseconds;
            assembler.Push(record, clock);

            if (pending.Count > 0)
            {
                foreach (var ev in Drain(pending, stats, counters)) yield return ev;
            }
        }

        assembler.FlushAll();
        foreach (var ev in Drain(pending, stats, counters)) yield return ev;
    }

    private static List<RecorderEvent> Drain(List<RecorderEvent> pending, ReplayStats stats, AuditPipelineCounters counters)
    {
        var batch = new List<RecorderEvent>(pending);
        pending.Clear();
        stats.Events += batch.Count;
        counters.CountNormalized(batch.Count);
        return batch;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        }
        return true;
    }

    private static string Excerpt(ReadOnlySpan<byte> line)
    {
        var cut = line.Length > 120 ? line[..120] : line;
        return Encoding.UTF8.GetString(cut) + (line.Length > 120 ? "..." : "");
    }
}
