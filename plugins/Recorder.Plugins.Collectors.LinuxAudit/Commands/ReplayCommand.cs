using Recorder.Contracts.Commands;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Plugins.Collectors.LinuxAudit.Commands;

/// <summary>
/// <c>recorder replay &lt;audit.log&gt;</c>: ingests an existing audit log (RAW or ENRICHED) into the subscriptions'
/// sinks through the same parser, assembler, enrichers and routing as live recording — the forensic use of the
/// pipeline. Nothing is dropped: replay waits for sinks instead.
/// </summary>
[Command("replay")]
public sealed class ReplayCommand : IRecorderCommand
{
    /// <summary>The collector name replayed events carry when the log does not say.</summary>
    public const string CollectorName = "linux-audit-replay";

    private const int MalformedLinesShown = 20;

    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "replay",
        Summary = "Ingest an existing audit log into the subscriptions' sinks.",
        Arguments = [new() { Name = "audit-log", Description = "An audit.log file (RAW or ENRICHED format).", Kind = CommandValueKind.Path }],
    };

    /// <inheritdoc />
    public async Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var file = new FileInfo(invocation.GetText("audit-log")!);
        if (!file.Exists)
        {
            invocation.Error.WriteLine($"recorder replay: {file.FullName}: no such file");
            return 2;
        }
        if (invocation.Replay is null)
        {
            invocation.Error.WriteLine("recorder replay: this host offers no replay pipeline (replay runs in the command line, not in the running recorder)");
            return 1;
        }
        var stats = new ReplayStats();
        long routed;
        IReadOnlyList<ReplaySinkResult> stored;
        await using (var session = await invocation.Replay.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var stream = file.OpenRead())
        {
            var replayer = new AuditLogReplayer(session.WantedEventTypes.Contains);
            routed = await session.ReplayAsync(Stamp(replayer.Replay(stream, stats)), cancellationToken).ConfigureAwait(false);
            stored = session.SinkResults;
        }
        invocation.Output.WriteLine($"replayed {file.FullName}: {stats.Lines} lines, {stats.Records} records, {stats.Events} events ({routed} routed), {stats.Malformed} malformed");
        // Routed is not stored: say what each sink kept, and fail when a sink lost any of it.
        foreach (var sink in stored) invocation.Output.WriteLine($"stored by {sink.Sink}: {sink.Stored} events, {sink.Lost} lost");
        foreach (var error in stats.Errors.Take(MalformedLinesShown)) invocation.Error.WriteLine($"{file.FullName}:{error}");
        if (stats.Malformed > MalformedLinesShown) invocation.Error.WriteLine($"... and {stats.Malformed - MalformedLinesShown} more malformed lines");
        if (stored.Any(s => s.Lost > 0))
        {
            invocation.Error.WriteLine("recorder replay: some sinks did not store every event routed to them (see above and the log)");
            return 1;
        }
        return 0;
    }

    private static IEnumerable<RecorderEvent> Stamp(IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            if (string.IsNullOrEmpty(e.Collector)) e.Collector = CollectorName;
            yield return e;
        }
    }
}
