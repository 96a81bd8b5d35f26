using System.Globalization;
using Recorder.Contracts.Plugins;
using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Rules;

/// <summary>
/// Keeps the live rule set: loads it from the plugin's settings, reports it in status and the log (counts, and every
/// rule that could not be loaded as <c>file:line:column: message</c>), watches the rule folders and reloads when a rule
/// file changes. A reload swaps the whole set at once; the set in use keeps running until the new one is built.
/// </summary>
internal sealed class RuleSetHost : IDisposable
{
    /// <summary>Status rows about rules go to this domain (<c>recorder status</c>: <c>signals rules.loaded 4</c>).</summary>
    public const string StatusDomain = "signals";
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly IReadOnlyList<string> _sources;
    private readonly SigmaRuleFilter _filter;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _reloadTimer;
    private readonly Lock _reloading = new();
    private volatile RuleSet _current = RuleSet.Empty;
    private int _problemRows;
    private long _reloads;

    public RuleSetHost(SignalsSettings settings, string hostDataDirectory, IPluginDiagnostics diagnostics)
    {
        _filter = settings.Filter();
        _sources = settings.Sources(hostDataDirectory);
        _diagnostics = diagnostics;
        _reloadTimer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The rules in use.</summary>
    public RuleSet Current => _current;

    /// <summary>Loads the rules and starts watching their folders.</summary>
    public void Start()
    {
        Reload();
        foreach (var source in _sources)
        {
            var folder = Directory.Exists(source) ? source : Path.GetDirectoryName(source);
            if (folder is null || !Directory.Exists(folder)) continue;
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = Directory.Exists(source),
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Deleted += OnChange;
            watcher.Renamed += OnChange;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    // Editors write a file in several steps: reload once things have settled.
    private void OnChange(object sender, FileSystemEventArgs e) => _reloadTimer.Change(Settle, Timeout.InfiniteTimeSpan);

    /// <summary>Loads every source again and swaps the set in; reports counts and problems.</summary>
    public void Reload()
    {
        lock (_reloading)
        {
            RuleSet loaded;
            try
            {
                loaded = RuleSet.Load(_sources, _filter);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _diagnostics.Log(PluginLogLevel.Error, "rules not reloaded; the previous rules keep running: " + ex.Message, ex);
                return;
            }
            _current = loaded;
            _reloads++;
            Report(loaded);
        }
    }

    private void Report(RuleSet set)
    {
        string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
        _diagnostics.SetStatus("rules.sources", string.Join(", ", set.Sources), StatusDomain);
        _diagnostics.SetStatus("rules.loaded", Count(set.Rules.Count), StatusDomain);
        _diagnostics.SetStatus("rules.unsupported", Count(set.Unsupported), StatusDomain);
        _diagnostics.SetStatus("rules.errors", Count(set.Errors), StatusDomain);
        _diagnostics.SetStatus("rules.filtered_out", Count(set.FilteredOut), StatusDomain);
        _diagnostics.SetStatus("rules.reloads", Count(_reloads), StatusDomain);
        // One row per problem, numbered; rows of an earlier load that has more problems are emptied, not left stale.
        for (var i = 0; i < Math.Max(set.Problems.Count, _problemRows); i++)
            _diagnostics.SetStatus($"rule_problem.{i + 1}", i < set.Problems.Count ? set.Problems[i].ToString() : "-", StatusDomain);
        _problemRows = set.Problems.Count;
        _diagnostics.ReportHealth("rules", set.Errors == 0,
            set.Errors == 0 ? $"{set.Rules.Count} rules loaded" : $"{set.Errors} rule files have errors (see rule_problem.* rows); the other rules run");
        _diagnostics.Log(PluginLogLevel.Information,
            $"Sigma rules loaded: {set.Rules.Count} ({set.Unsupported} unsupported, {set.Errors} with errors, {set.FilteredOut} filtered out) from {string.Join(", ", set.Sources)}");
        foreach (var problem in set.Problems)
            _diagnostics.Log(problem.Construct is null ? PluginLogLevel.Warning : PluginLogLevel.Information, "rule skipped: " + problem);
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _watchers.Clear();
        _reloadTimer.Dispose();
    }
}
