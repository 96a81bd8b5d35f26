using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Subscriptions;

namespace Recorder.Cli.Commands;

/// <summary>
/// <c>recorder subscriptions check</c>: validates subscription files offline, against the built-in event types
/// and sinks; <c>recorder subscriptions bench</c>: measures filter evaluation.
/// </summary>
internal static class SubscriptionCommands
{
    /// <summary>The sinks the recorder ships (for <c>bench</c> and <c>check --built-in-only</c>).</summary>
    internal static readonly string[] BuiltInSinks = ["sqlite", "journal"];

    public static Command Create(HostOptions hostOptions)
    {
        var command = new Command("subscriptions", "Check and measure subscription files (see docs/subscriptions.md).");
        command.Aliases.Add("subscription");
        command.Subcommands.Add(CreateCheck(hostOptions));
        command.Subcommands.Add(CreateBench());
        return command;
    }

    private static Command CreateCheck(HostOptions hostOptions)
    {
        var paths = new Argument<string[]>("paths") { Description = "Subscription files or folders of them (*.yaml, *.yml).", Arity = ArgumentArity.OneOrMore };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list each valid subscription with its types, sink and filters." };
        var builtInOnly = new Option<bool>("--built-in-only") { Description = "Check against the built-in event types and sinks only, without loading the installed plugins." };
        var command = new Command("check",
            "Validate subscription files against the event types and sinks of the installed plugins (verified and loaded as the " +
            "recorder would, nothing started) and each sink's options, as the running recorder would. Prints " +
            "file:line:column: message per error; exit code 0 only when every file is valid.")
        {
            paths, verbose, builtInOnly,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            using var catalog = parseResult.GetValue(builtInOnly) ? CheckCatalog.BuiltIn() : CheckCatalog.Load(hostOptions.Load(parseResult), stderr);
            var files = new List<SubscriptionFile>();
            var parser = new SubscriptionParser(catalog.Schemas, catalog.HasSink);
            var missing = 0;
            foreach (var path in parseResult.GetValue(paths)!)
            {
                if (Directory.Exists(path)) files.AddRange(SubscriptionSet.FilesOf(path).Select(parser.ParseFile));
                else if (File.Exists(path)) files.Add(parser.ParseFile(path));
                else
                {
                    stdout.WriteLine($"{path}:0:0: no such file or folder");
                    missing++;
                }
            }

            // Checked as one folder, so that a module defined twice is reported too.
            var set = SubscriptionSet.FromFiles(files);
            foreach (var error in set.Errors) stdout.WriteLine(error.ToString());
            var optionErrors = 0;
            foreach (var subscription in set.Active)
            {
                if (catalog.ValidateSinkOptions(subscription) is not { } problem) continue;
                stdout.WriteLine($"{subscription.SourceFile}:{subscription.Line}:{subscription.Column}: {subscription.QualifiedName}: sink '{subscription.SinkName}' refuses its options: {problem}");
                optionErrors++;
            }
            if (parseResult.GetValue(verbose))
            {
                foreach (var file in set.Files)
                foreach (var s in file.Subscriptions)
                {
                    stdout.WriteLine($"{s.SourceFile}:{s.Line}:{s.Column}: {s.QualifiedName}{(s.Enabled ? "" : " (disabled)")}: " +
                                     $"[{string.Join(", ", s.EventTypePatterns)}] -> {s.SinkKey}");
                    foreach (var line in s.Filter.Describe().Split('\n')) stdout.WriteLine("    " + line);
                }
            }
            var subscriptions = set.Files.Sum(f => f.Subscriptions.Count);
            var errors = set.Errors.Count + missing + optionErrors;
            stderr.WriteLine($"{set.Files.Count} file(s), {subscriptions} subscription(s), {errors} error(s); checked against {catalog.Description}");
            return errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command CreateBench()
    {
        var events = new Option<int>("--events") { Description = "Events per measured round.", DefaultValueFactory = _ => 5_000 };
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds of each evaluation, alternating; the best is reported.", DefaultValueFactory = _ => 200 };
        var paths = new Argument<string[]>("paths") { Description = "Subscription files or folders to measure (default: a built-in representative set).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("bench",
            "Measure filter evaluation: the compiled filters (fields resolved once per event type) against the same filters " +
            "evaluated by field-name lookup (RecorderEvent.TryGetValue), in the same run.")
        {
            events, rounds, paths,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var parser = new SubscriptionParser(BuiltInSchemas.Instance, name => BuiltInSinks.Contains(name, StringComparer.Ordinal));
            var files = new List<SubscriptionFile>();
            var given = parseResult.GetValue(paths) ?? [];
            foreach (var path in given)
                files.AddRange(Directory.Exists(path) ? SubscriptionSet.FilesOf(path).Select(parser.ParseFile) : [parser.ParseFile(path)]);
            if (given.Length == 0) files.Add(parser.ParseText(RepresentativeSubscriptions, "built-in bench set"));
            var set = SubscriptionSet.FromFiles(files);
            foreach (var error in set.Errors) stdout.WriteLine(error.ToString());
            if (set.Active.Count == 0)
            {
                stdout.WriteLine("no valid subscriptions to measure");
                return 1;
            }
            FilterBenchmark.Run(set.Active, parseResult.GetValue(events), parseResult.GetValue(rounds), stdout);
            return 0;
        });
        return command;
    }

    /// <summary>Filters of the kinds responders write: noisy paths, ancestry, outcomes, users, ranges.</summary>
    private const string RepresentativeSubscriptions = """
        module: bench
        subscriptions:
          - name: history
            events: [process.*, file.create, file.write, file.rename, file.delete, network.*]
            sink: sqlite
            exclude:
              - file.path: { begins_with: [/var/lib/recorder/, /proc/, /dev/pts/] }
              - file.path: { contains: /recorder-data/ }
              - network.remote_address: 127.0.0.53
                network.remote_port: 53
          - name: under-sshd
            events: [process.start, file.write]
            sink: journal
            include:
              - process.ancestry_path: { ends_with: /sshd }
            exclude:
              - process.path: { in: [/usr/bin/locale, /usr/bin/id, /usr/bin/groups] }
          - name: failed-auth
            events: [auth.failure, privilege.*]
            sink: journal
            include:
              - event.outcome: failure
              - process.uid: { greater_or_equal: 1000 }
                process.cmd: { regex: '^sudo\s' }
        """;

    /// <summary>The built-in schemas, for offline checks.</summary>
    internal sealed class BuiltInSchemas : IEventSchemaRegistry
    {
        public static BuiltInSchemas Instance { get; } = new();
        private readonly Dictionary<string, EventSchema> _byName = EventSchemas.All.ToDictionary(s => s.Name, StringComparer.Ordinal);
        public IReadOnlyCollection<EventSchema> All => EventSchemas.All.ToArray();
        public bool TryGet(string typeName, out EventSchema schema) => _byName.TryGetValue(typeName, out schema!);
    }

    /// <summary>Times both evaluations over one synthetic stream of typical events.</summary>
    private static class FilterBenchmark
    {
        public static void Run(IReadOnlyList<Subscription> subscriptions, int eventCount, int rounds, TextWriter output)
        {
            var stream = SyntheticEvents(eventCount);
            // Routing asks only the subscriptions that want the type; measure the same.
            var perEvent = stream.Select(e => subscriptions.Where(s => s.WantsType(e.Type)).ToArray()).ToArray();
            var checks = perEvent.Sum(s => s.Length);

            Func<Subscription, RecorderEvent, bool> compiledMatch = static (s, e) => s.Filter.Matches(e);
            Func<Subscription, RecorderEvent, bool> baselineMatch = static (s, e) => s.Filter.MatchesUsingNameLookup(e);
            var compiledKept = Round(stream, perEvent, compiledMatch); // warm-up: JIT, per-type plans
            var baselineKept = Round(stream, perEvent, baselineMatch);
            if (compiledKept != baselineKept) throw new InvalidOperationException($"the two evaluations disagree: {compiledKept} vs {baselineKept} kept");

            // Rounds alternate between the two so that both meet the same machine load; the best round of each counts.
            var (compiled, compiledBytes, baseline, baselineBytes) = (TimeSpan.MaxValue, 0L, TimeSpan.MaxValue, 0L);
            for (var r = 0; r < Math.Max(1, rounds); r++)
            {
                MeasureRound(stream, perEvent, baselineMatch, ref baseline, ref baselineBytes);
                MeasureRound(stream, perEvent, compiledMatch, ref compiled, ref compiledBytes);
            }

            var inv = CultureInfo.InvariantCulture;
            output.WriteLine($"subscriptions: {subscriptions.Count}, events: {eventCount:N0}, filter checks per round: {checks:N0}, kept: {compiledKept:N0}, best of {rounds} alternating rounds");
            output.WriteLine(string.Create(inv, $"{"evaluation",-28} {"ns/check",10} {"checks/s",14} {"bytes/check",12}"));
            Row("name lookup (baseline)", baseline, baselineBytes);
            Row("compiled (Filter.Matches)", compiled, compiledBytes);
            output.WriteLine(string.Create(inv, $"speed-up: {baseline.TotalNanoseconds / compiled.TotalNanoseconds:F1}x"));

            void Row(string name, TimeSpan time, long bytes) => output.WriteLine(string.Create(inv,
                $"{name,-28} {time.TotalNanoseconds / checks,10:F1} {checks / time.TotalSeconds,14:N0} {(double)bytes / checks,12:F1}"));
        }

        private static void MeasureRound(RecorderEvent[] stream, Subscription[][] perEvent, Func<Subscription, RecorderEvent, bool> matches,
            ref TimeSpan best, ref long bytes)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            Round(stream, perEvent, matches);
            watch.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (watch.Elapsed < best) (best, bytes) = (watch.Elapsed, allocated);
        }

        private static int Round(RecorderEvent[] stream, Subscription[][] perEvent, Func<Subscription, RecorderEvent, bool> matches)
        {
            var kept = 0;
            for (var i = 0; i < stream.Length; i++)
                foreach (var s in perEvent[i])
                    if (matches(s, stream[i])) kept++;
            return kept;
        }

        // A mix close to a busy server's: mostly file writes and process starts, some network, some auth.
        private static RecorderEvent[] SyntheticEvents(int count)
        {
            var random = new Random(42);
            string[] paths = ["/etc/passwd", "/var/lib/recorder/recorder.db-wal", "/home/alice/notes.txt", "/tmp/x.tmp", "/proc/self/oom_score_adj", "/var/log/syslog"];
            string[] exes = ["/usr/bin/bash", "/usr/bin/ls", "/usr/bin/id", "/usr/sbin/cron", "/usr/bin/python3", "/usr/bin/sudo"];
            string[][] ancestries =
            [
                ["/usr/bin/bash", "/usr/sbin/sshd", "/usr/sbin/sshd", "/sbin/init"],
                ["/usr/sbin/cron", "/sbin/init"],
                ["/usr/bin/bash", "/usr/bin/tmux", "/sbin/init"],
            ];
            var events = new RecorderEvent[count];
            for (var i = 0; i < count; i++)
            {
                var kind = random.Next(100);
                EventSchema schema = kind switch
                {
                    < 45 => EventSchemas.FileWrite,
                    < 75 => EventSchemas.ProcessStart,
                    < 90 => EventSchemas.NetworkConnect,
                    < 95 => EventSchemas.AuthFailure,
                    _ => EventSchemas.PrivilegeChange,
                };
                var e = new RecorderEvent(schema) { Id = i, Time = DateTime.UtcNow, Outcome = kind < 95 ? EventOutcome.Success : EventOutcome.Failure };
                e.Process.Executable = exes[random.Next(exes.Length)];
                e.Process.CommandLine = e.Process.Executable + " -x";
                e.Process.Pid = random.Next(1, 60_000);
                e.Process.Uid = random.Next(2) == 0 ? 0 : 1000;
                var ancestry = ancestries[random.Next(ancestries.Length)];
                e.Process.Ancestors = ancestry.Select((a, n) => new ProcessAncestor(Guid.Empty, 100 + n, a, a, "root")).ToArray();
                if (schema == EventSchemas.FileWrite) e["file.path"] = paths[random.Next(paths.Length)];
                if (schema == EventSchemas.NetworkConnect)
                {
                    e["network.remote_address"] = random.Next(2) == 0 ? "127.0.0.53" : "93.184.216.34";
                    e["network.remote_port"] = random.Next(2) == 0 ? 53L : 443L;
                }
                events[i] = e;
            }
            return events;
        }
    }
}
