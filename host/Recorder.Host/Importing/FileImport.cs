using System.Diagnostics;
using Recorder.Contracts.Commands;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Host.Loading;

namespace Recorder.Host.Importing;

/// <summary>How far an import has come: bytes of the file read, records and events so far, time spent.</summary>
public readonly record struct ImportProgress(long BytesRead, long FileLength, long Records, long Events, TimeSpan Elapsed);

/// <summary>What an import did: the importer chosen, what it read, what reached the stores, and the problems it met.</summary>
public sealed record ImportSummary(string Importer, string PluginId, long Records, long Events, long Routed, long Skipped,
    long Malformed, IReadOnlyList<string> Problems, TimeSpan Elapsed, IReadOnlyList<ReplaySinkResult> Stored);

/// <summary>
/// <c>recorder import &lt;file&gt;</c>: picks the importer that recognises a file (by its first bytes and name, or
/// the one named with <c>--as</c>), and feeds what it reads through the host's replay pipeline (enrichers, routing,
/// sinks; nothing dropped). Events carry <c>import:&lt;format&gt;</c> as their collector unless the importer set one.
/// </summary>
public static class FileImport
{
    private const int HeadLength = 4096;

    /// <summary>
    /// The importer for <paramref name="path"/>: the one named <paramref name="requested"/>, or else the first that
    /// recognises the file. Null with a message naming every known format when none does.
    /// </summary>
    public static (string PluginId, ImporterPart Part)? Choose(string path, IReadOnlyList<(string PluginId, ImporterPart Part)> importers,
        string? requested, out string? problem)
    {
        problem = null;
        if (requested is not null)
        {
            foreach (var importer in importers)
                if (importer.Part.Name == requested) return importer;
            problem = $"--as {requested}: no importer of that name; known: {Known(importers)}";
            return null;
        }
        var head = ReadHead(path);
        foreach (var importer in importers)
        {
            try
            {
                if (importer.Part.Importer.Recognizes(Path.GetFileName(path), head)) return importer;
            }
            catch (Exception ex)
            {
                problem = $"importer {importer.Part.Name} ({importer.PluginId}) failed to examine the file: {ex.Message}";
            }
        }
        problem ??= $"{path}: no importer recognises this file; known formats: {Known(importers)} (name one with --as)";
        return null;
    }

    /// <summary>Imports <paramref name="path"/> with <paramref name="importer"/> through <paramref name="replay"/>, reporting progress about ten times a second.</summary>
    public static async Task<ImportSummary> RunAsync(string path, (string PluginId, ImporterPart Part) importer, IEventReplay replay,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var session = await replay.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var context = new ImportContext(path, session.WantedEventTypes, cancellationToken);
        long events = 0;
        var lastReport = TimeSpan.Zero;
        var collector = "import:" + importer.Part.Name;
        // Imported history happened elsewhere or earlier: enrichers must take nothing from this machine.
        var head = new byte[(int)Math.Min(HeadLength, file.Length)];
        file.ReadExactly(head);
        file.Position = 0;
        var origin = new ReplayOrigin(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(head))[..32].ToLowerInvariant(), null);

        IEnumerable<RecorderEvent> Stamped()
        {
            foreach (var e in importer.Part.Importer.Read(file, context))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrEmpty(e.Collector)) e.Collector = collector;
                e.Replay ??= origin;
                events++;
                if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(100))
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new ImportProgress(file.Position, file.Length, context.Statistics.Records, events, clock.Elapsed));
                }
                yield return e;
            }
        }

        var routed = await session.ReplayAsync(Stamped(), cancellationToken).ConfigureAwait(false);
        progress?.Report(new ImportProgress(file.Length, file.Length, context.Statistics.Records, events, clock.Elapsed));
        var stats = context.Statistics;
        // Routed is not stored: each sink says what it kept (a store's retention or a failure may keep less).
        return new ImportSummary(importer.Part.Name, importer.PluginId, stats.Records, events, routed, stats.Skipped, stats.Malformed, stats.Problems, clock.Elapsed,
            session.SinkResults);
    }

    private static byte[] ReadHead(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[(int)Math.Min(HeadLength, file.Length)];
        file.ReadExactly(head);
        return head;
    }

    private static string Known(IReadOnlyList<(string PluginId, ImporterPart Part)> importers) =>
        importers.Count == 0 ? "none (no loaded plugin offers an importer)" : string.Join(", ", importers.Select(i => $"{i.Part.Name} ({i.Part.Importer.Description})"));
}
