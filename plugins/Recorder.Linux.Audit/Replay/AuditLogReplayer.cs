using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Replay;

/// <summary>
/// Replays an existing audit log (auditd's RAW or ENRICHED format, or the same lines captured from the auditd
/// plugin stream) through the live pipeline: the same parser, assembler and normaliser
/// (<see cref="AuditEventPipeline"/>). The assembler's clock is the newest record time seen, so timeouts behave
/// as they did live (auditd's log files hold no EOE records: kernel events complete by the timeout). Malformed
/// lines are counted and reported with their line numbers; the rest of the log is still replayed.
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
        var pending = new Queue<RecorderEvent>();
        var pipeline = new AuditEventPipeline(pending.Enqueue, _wanted, create, _assemblerOptions, _normalizerOptions);
        stats.Pipeline = pipeline.Counters;
        return Run(auditLog, stats, pipeline, pending);
    }

    private static IEnumerable<RecorderEvent> Run(Stream auditLog, ReplayStats stats, AuditEventPipeline pipeline, Queue<RecorderEvent> pending)
    {
        var reader = new AuditLogLineReader(auditLog);
        long clock = long.MinValue;
        long lineNumber = 0;

        while (reader.TryReadLine(out var line, out var tooLong))
        {
            lineNumber++;
            stats.Lines = lineNumber;
            stats.Bytes = reader.BytesRead;
            if (tooLong)
            {
                pipeline.Counters.CountReceived();
                pipeline.Counters.CountMalformed();
                stats.AddError(new ReplayError(lineNumber, $"line longer than {reader.MaxLineLength} bytes (an audit record is at most about 9 KB)", ""));
                continue;
            }
            if (pipeline.PushReplayLine(line.Span, lineNumber, ref clock, out var error)) stats.Records++;
            else if (error != AuditParseError.Empty) stats.AddError(new ReplayError(lineNumber, error.Describe(), Excerpt(line.Span)));

            while (pending.TryDequeue(out var ev))
            {
                stats.Events++;
                yield return ev;
            }
        }

        pipeline.FlushAll();
        while (pending.TryDequeue(out var ev))
        {
            stats.Events++;
            yield return ev;
        }
    }

    private static string Excerpt(ReadOnlySpan<byte> line)
    {
        var cut = line.Length > 120 ? line[..120] : line;
        return Encoding.UTF8.GetString(cut) + (line.Length > 120 ? "..." : "");
    }
}
