using System.Diagnostics;
using Recorder.Benchmarks.Audit;
using Recorder.Benchmarks.Sigma;
using Recorder.Sigma;
using Recorder.Sigma.Tests.Support;

// Sigma matching throughput on one core: every compiled Windows process_creation rule, through the indexed engine
// and the naive evaluator (every rule against every event) in the same run, over a synthetic process stream and
// over SigmaHQ's regression records. See docs/perf/sigma.md.
// Usage: Recorder.Benchmarks.Sigma [--rules folder]... [--events N] [--naive-events N] [--rounds N]
var ruleFolders = new List<string>();
var eventCount = 50_000;
var naiveEventCount = 2_000;
var rounds = 3;
var profile = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rules": ruleFolders.Add(args[++i]); break;
        case "--events": eventCount = int.Parse(args[++i]); break;
        case "--naive-events": naiveEventCount = int.Parse(args[++i]); break;
        case "--rounds": rounds = int.Parse(args[++i]); break;
        case "--profile": profile = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
var sigma = Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "data", "sigma"));
if (ruleFolders.Count == 0)
    ruleFolders.AddRange(new[] { "rules/windows", "rules-emerging-threats", "rules-threat-hunting" }.Select(f => Path.Combine(sigma, f)));
if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1; // one core

var source = new SigmaLogSourceKey("process_creation", "windows");
var clock = Stopwatch.StartNew();
var loaded = SigmaRuleLoader.Combine(ruleFolders.Select(f => SigmaRuleLoader.LoadFolder(f)));
var rules = loaded.Rules.Where(r => r.LogSource.AppliesTo(source) && r.LogSource.Category is not null).ToList();
var loadSeconds = clock.Elapsed.TotalSeconds;
clock.Restart();
var engine = SigmaEngine.Build(rules);
var (ruleCount, alwaysEvaluated, indexedFields) = engine.Describe(source);
var indexSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"rules: {ruleCount} Windows process_creation rules compiled ({loaded.Rules.Count} rules read, {loaded.Problems.Count} not compiled) in {loadSeconds:N1} s; index built in {indexSeconds:N2} s");
Console.WriteLine($"index: {ruleCount - alwaysEvaluated} rules anchored on literals of {indexedFields.Count} fields, {alwaysEvaluated} evaluated for every event");
Console.WriteLine($"one core, CPU time of this thread, best of {rounds} rounds after a warm-up");
Console.WriteLine();

var synthetic = SyntheticProcessStream.Create(eventCount, seed: 18);
// The regression records that are process starts (Sysmon event 1): attacks, so most of them match something.
var regression = Directory.EnumerateFiles(Path.Combine(sigma, "regression_data"), "*.json", SearchOption.AllDirectories)
    .Order(StringComparer.Ordinal).SelectMany(WindowsEventJson.Read)
    .Where(e => e.TryGetValue("EventID", out var id) && id.AsInt64 == 1
                && e.TryGetValue("Provider_Name", out var provider) && provider.AsString == "Microsoft-Windows-Sysmon")
    .Cast<ISigmaEventFields>().ToList();

if (profile)
{
    ProfileRules(synthetic.Take(naiveEventCount).ToList());
    Console.WriteLine();
    Console.WriteLine("regression records (Sysmon 1):");
    ProfileRules(regression);
    return 0;
}

Console.WriteLine($"{"stream",-34} {"events",7} {"evaluator",-9} {"events/CPU-s",13} {"µs/event",9} {"matches",8} {"vs naive",9}");
Run("synthetic process starts (1% bad)", synthetic);
Run("regression records (Sysmon 1)", regression);
return 0;

void Run(string name, List<ISigmaEventFields> events)
{
    var naiveEvents = events.Take(naiveEventCount).ToList();
    var (indexedRate, indexedMatches) = Measure(events, engine.Match);
    var (naiveRate, naiveMatches) = Measure(naiveEvents, engine.NaiveMatch);
    var (indexedOnNaiveSet, indexedOnNaiveSetMatches) = Measure(naiveEvents, engine.Match);
    if (indexedOnNaiveSetMatches != naiveMatches)
        throw new InvalidOperationException($"{name}: indexed {indexedOnNaiveSetMatches} matches, naive {naiveMatches}");
    Console.WriteLine($"{name,-34} {events.Count,7} {"indexed",-9} {indexedRate,13:N0} {1e6 / indexedRate,9:N2} {indexedMatches,8} {indexedRate / naiveRate,8:N1}x");
    Console.WriteLine($"{name,-34} {naiveEvents.Count,7} {"naive",-9} {naiveRate,13:N0} {1e6 / naiveRate,9:N2} {naiveMatches,8} {1,8:N1}x");
}

(double Rate, long Matches) Measure(List<ISigmaEventFields> events, MatchMethod match)
{
    var matches = new List<SigmaRule>();
    long Pass()
    {
        long found = 0;
        foreach (var e in events)
        {
            matches.Clear();
            match(source, e, matches);
            found += matches.Count;
        }
        return found;
    }
    // Warm up for a while, not once: tiered JIT optimises a method only after enough calls and a delay.
    for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(1.5);) Pass();
    var best = double.MaxValue;
    long total = 0;
    for (var round = 0; round < rounds; round++)
    {
        var before = CpuTime.Thread();
        total = Pass();
        best = Math.Min(best, CpuTime.Thread() - before);
    }
    return (events.Count / best, total);
}

// The rules that cost the most per event when evaluated alone (the naive evaluator's time, rule by rule), and how
// many rules the index lets through per event.
void ProfileRules(List<ISigmaEventFields> events)
{
    var costs = new List<(double Micros, SigmaRule Rule)>();
    foreach (var rule in rules)
    {
        var before = Stopwatch.GetTimestamp();
        foreach (var e in events) rule.Matches(e);
        costs.Add((Stopwatch.GetElapsedTime(before).TotalMicroseconds / events.Count, rule));
    }
    Console.WriteLine($"naive: {costs.Sum(c => c.Micros):N1} µs/event over {rules.Count} rules; the 25 costliest:");
    foreach (var (micros, rule) in costs.OrderByDescending(c => c.Micros).Take(25))
        Console.WriteLine($"  {micros,8:N2} µs  {rule.Id}  {rule.Title}");
    var candidates = events.SelectMany(e => engine.Candidates(source, e)).CountBy(r => r).OrderByDescending(c => c.Value).ToList();
    Console.WriteLine($"index: {candidates.Sum(c => c.Value) / (double)events.Count:N1} rules evaluated per event on average; the 25 that cost the most (share of events x µs per evaluation):");
    var (scanRate, _) = Measure(events, (in SigmaLogSourceKey key, ISigmaEventFields e, List<SigmaRule> _) => engine.CandidateCount(key, e));
    var (matchRate, _) = Measure(events, engine.Match);
    Console.WriteLine($"index: finding the candidates {1e6 / scanRate:N2} µs/event, finding and evaluating them {1e6 / matchRate:N2} µs/event");
    foreach (var size in engine.IndexSizes(source)) Console.WriteLine("  index of " + size);
    var costOf = costs.ToDictionary(c => c.Rule, c => c.Micros);
    foreach (var (rule, count) in candidates.OrderByDescending(c => c.Value * costOf[c.Key]).Take(25))
        Console.WriteLine($"  {count * 100.0 / events.Count,5:N1} % x {costOf[rule],6:N2} µs  {rule.Id}  {rule.Title}");
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Recorder.sln not found above " + AppContext.BaseDirectory);
}

internal delegate void MatchMethod(in SigmaLogSourceKey source, ISigmaEventFields fields, List<SigmaRule> matches);
