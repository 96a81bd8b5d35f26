using System.CommandLine;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Cli.Commands;

/// <summary>
/// `recorder replay &lt;audit.log&gt;`: ingests an existing audit log (RAW or ENRICHED) into the subscriptions'
/// sinks through the same parser, assembler, enrichers and routing as live recording — the forensic use of
/// the pipeline. Nothing is dropped: replay waits for sinks instead.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var config = HostOptions.Config();
        var dataDir = HostOptions.DataDir();
        var log = new Argument<FileInfo>("audit-log") { Description = "An audit.log file (RAW or ENRICHED format)." };
        var command = new Command("replay", "Ingest an existing audit log into the subscriptions' sinks.") { log, config, dataDir };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(log)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"recorder replay: {file.FullName}: no such file");
                return 2;
            }
            var configuration = HostOptions.Load(parseResult.GetValue(config), parseResult.GetValue(dataDir));
            if (configuration is null) return 2;
            var hostLog = new HostLog();
            await using var host = new RecorderHost(configuration, hostLog, new RecorderHostOptions
            {
                StartCollectors = false,
                WatchFolders = false,
                OpenControlSocket = false,
                RequireRootOwnedPlugins = Environment.UserName == "root",
            });
            await host.StartAsync(cancellationToken);
            var wanted = host.Subscriptions.SelectMany(s => s.MatchedTypes(host.Schemas)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var stats = new ReplayStats();
            long routed;
            await using (var stream = file.OpenRead())
            {
                var replayer = new AuditLogReplayer(wanted.Contains);
                routed = await host.ReplayAsync(Stamp(replayer.Replay(stream, stats)), cancellationToken);
            }
            await host.StopAsync(cancellationToken);
            Console.WriteLine($"replayed {file.FullName}: {stats.Lines} lines, {stats.Records} records, {stats.Events} events ({routed} routed), {stats.Malformed} malformed");
            foreach (var error in stats.Errors.Take(20)) Console.Error.WriteLine($"{file.FullName}:{error}");
            if (stats.Malformed > 20) Console.Error.WriteLine($"... and {stats.Malformed - 20} more malformed lines");
            return 0;
        });
        return command;
    }

    private static IEnumerable<Recorder.Contracts.Events.RecorderEvent> Stamp(IEnumerable<Recorder.Contracts.Events.RecorderEvent> events)
    {
        foreach (var e in events)
        {
            if (string.IsNullOrEmpty(e.Collector)) e.Collector = "linux-audit-replay";
            yield return e;
        }
    }
}
