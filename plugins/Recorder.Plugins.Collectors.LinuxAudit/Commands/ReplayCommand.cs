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
            routed = await session.ReplayAsync(Stamp(replayer.Replay(stream, stats), ReplayOriginOf(file)), cancellationToken).ConfigureAwait(false);
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

    private static IEnumerable<RecorderEvent> Stamp(IEnumerable<RecorderEvent> events, ReplayOrigin origin)
    {
        foreach (var e in events)
        {
            if (string.IsNullOrEmpty(e.Collector)) e.Collector = CollectorName;
            // Replayed: enrichers take everything from the log, nothing from this machine.
            e.Replay = origin;
            yield return e;
        }
    }

    /// <summary>
    /// The identity of a log: its first line (the first record's time and serial, and node= when the log names its
    /// host) hashed, so the same log replayed again, on any boot of any machine, is the same history.
    /// </summary>
    public static ReplayOrigin ReplayOriginOf(FileInfo file)
    {
        string first;
        using (var reader = new StreamReader(file.OpenRead()))
            first = (reader.ReadLine() ?? "").Trim();
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(first)))[..32].ToLowerInvariant();
        string? host = null;
        if (first.StartsWith("node=", StringComparison.Ordinal))
        {
            var end = first.IndexOf(' ');
            host = end > 5 ? first[5..end] : null;
        }
        return new ReplayOrigin(id, host);
    }
}
