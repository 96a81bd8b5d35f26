using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// Keeps the kernel's rules in line with what the recorder wants: its own rules for the wanted event types, and
/// the administrator's user-defined rules. Deletes exactly what it loaded, never rules it found.
/// </summary>
internal sealed class KernelRuleManager
{
    /// <summary>Health check name for user-defined rules.</summary>
    public const string UserRulesHealthCheck = "user_defined_audit_rules";

    private readonly KernelAuditLink _kernel;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly UserRuleStore _userRules;
    private readonly List<AuditRule> _recorderRules = new(); // loaded by us, in load order
    private readonly List<AuditRule> _loadedUserRules = new();
    private string? _refusal; // why user rules were last removed; stays reported until new rules load

    private readonly UserRuleVerdicts _verdicts;

    public KernelRuleManager(KernelAuditLink kernel, IPluginDiagnostics diagnostics, UserRuleStore userRules)
    {
        _kernel = kernel;
        _diagnostics = diagnostics;
        _userRules = userRules;
        _verdicts = new UserRuleVerdicts(userRules);
    }

    /// <summary>Recorder rules currently loaded.</summary>
    public int RecorderRuleCount { get { lock (_recorderRules) return _recorderRules.Count; } }

    /// <summary>User-defined rules currently loaded.</summary>
    public int UserRuleCount { get { lock (_recorderRules) return _loadedUserRules.Count; } }

    /// <summary>The text of the recorder's loaded rules, in load order.</summary>
    public IReadOnlyList<string> RecorderRuleTexts { get { lock (_recorderRules) return _recorderRules.Select(r => r.ToString()).ToArray(); } }

    /// <summary>The loaded rules in kernel form, for a successor to adopt (hot reload).</summary>
    public (byte[][] Recorder, byte[][] User) Encoded()
    {
        lock (_recorderRules)
            return (_recorderRules.Select(AuditRuleEncoder.Encode).ToArray(), _loadedUserRules.Select(AuditRuleEncoder.Encode).ToArray());
    }

    /// <summary>
    /// Takes ownership of rules a predecessor loaded and left in place for us (hot reload): they stay loaded, so
    /// no event goes unaudited during the swap; <see cref="ApplyRecorderRules"/> then adds and removes only the
    /// difference.
    /// </summary>
    public void Adopt(IEnumerable<byte[]> recorderRules, IEnumerable<byte[]> userRules)
    {
        lock (_recorderRules)
        {
            _recorderRules.AddRange(recorderRules.Select(data => AuditRuleEncoder.Decode(data)));
            _loadedUserRules.AddRange(userRules.Select(data => AuditRuleEncoder.Decode(data)));
            _diagnostics.SetStatus("has_user_defined_audit_rules", _loadedUserRules.Count > 0 ? "true" : "false", domain: "recorder");
        }
    }

    /// <summary>
    /// Loads the recorder's rules for <paramref name="desired"/> (the exclusion rule first) and deletes loaded
    /// ones no longer desired. New rules go in before old ones leave, so no wanted event slips through.
    /// </summary>
    public void ApplyRecorderRules(IReadOnlyList<AuditRule> desired)
    {
        lock (_recorderRules)
        {
            // Compared in kernel form: a rule adopted from a predecessor has no source text.
            var desiredKeys = desired.Select(KernelForm).ToHashSet(StringComparer.Ordinal);
            var loadedKeys = _recorderRules.Select(KernelForm).ToHashSet(StringComparer.Ordinal);
            var toAdd = desired.Where(r => !loadedKeys.Contains(KernelForm(r))).ToArray();
            var toRemove = _recorderRules.Where(r => !desiredKeys.Contains(KernelForm(r))).ToArray();

            if (toAdd.Length > 0)
            {
                var result = _kernel.Use(control => AuditRuleLoader.LoadAll(control, toAdd));
                _recorderRules.AddRange(result.Loaded);
                foreach (var present in result.AlreadyPresent)
                    _diagnostics.Log(PluginLogLevel.Warning, $"audit rule already loaded by someone else, left to its owner: {present}");
            }
            if (toRemove.Length > 0)
            {
                _kernel.Use(control => AuditRuleLoader.DeleteAll(control, toRemove));
                foreach (var rule in toRemove) _recorderRules.Remove(rule);
            }
            if (toAdd.Length + toRemove.Length > 0)
                _diagnostics.Log(PluginLogLevel.Information, $"audit rules: {toAdd.Length} added, {toRemove.Length} removed; loaded now: {string.Join(" | ", _recorderRules)}");
        }
    }

    // The kernel stores a prepended (-A) rule like an appended one.
    private static string KernelForm(AuditRule rule) => Convert.ToHexString(AuditRuleEncoder.Encode(rule.WithCommand(AuditRuleCommand.Append)));

    /// <summary>
    /// (Re)loads the registered user-defined rules. If the kernel refuses one, every user-defined rule is removed
    /// (from the kernel and from the store) and the health check names the rule and the reason.
    /// </summary>
    public void ApplyUserRules()
    {
        lock (_recorderRules)
        {
            RemoveUserRules();
            var validation = _userRules.Load();
            var hash = _userRules.LoadedContentHash;
            if (validation.Refusals.Count > 0)
            {
                var reason = string.Join("; ", validation.Refusals);
                _diagnostics.ReportHealth(UserRulesHealthCheck, false, "registered rules not loaded: " + reason);
                RecordVerdict(hash, false, "registered rules not loaded: " + reason);
            }
            var rules = _userRules.Rules;
            if (rules.Count > 0)
            {
                try
                {
                    var result = _kernel.Use(control => AuditRuleLoader.LoadAll(control, rules));
                    _loadedUserRules.AddRange(result.Loaded);
                    _refusal = null;
                    _diagnostics.ReportHealth(UserRulesHealthCheck, true, $"{result.Loaded.Count} user-defined rules loaded");
                    RecordVerdict(hash, true, $"{result.Loaded.Count} user-defined rules loaded");
                }
                catch (AuditRuleLoadException refused)
                {
                    var detail = $"the kernel refused '{refused.Rule}': {refused.ErrnoName} ({refused.Message}); all user-defined rules were removed";
                    RecordVerdict(hash, false, detail); // before the removal below gets a verdict of its own
                    _userRules.Remove();
                    _refusal = detail;
                    _diagnostics.ReportHealth(UserRulesHealthCheck, false, detail);
                    _diagnostics.Log(PluginLogLevel.Error, detail);
                }
            }
            else if (validation.Refusals.Count == 0 && _refusal is null)
            {
                // (After a refusal the store is emptied, which calls here again: the refusal stays reported.)
                _diagnostics.ReportHealth(UserRulesHealthCheck, true, "no user-defined rules registered");
                RecordVerdict(hash, true, "no user-defined rules registered");
            }
            _diagnostics.SetStatus("has_user_defined_audit_rules", _loadedUserRules.Count > 0 ? "true" : "false", domain: "recorder");
        }
    }

    /// <summary>Holds the lock that tells <c>recorder rules register</c> a recorder is watching and will answer.</summary>
    public IDisposable HoldWatchLock() => _verdicts.HoldWatchLock();

    private void RecordVerdict(string hash, bool loaded, string detail)
    {
        try { _verdicts.Record(hash, loaded, detail); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Log(PluginLogLevel.Warning, "cannot record the verdict on the user-defined rules for `recorder rules register`", ex);
        }
    }

    /// <summary>Deletes every rule this manager loaded.</summary>
    public void RemoveAll()
    {
        lock (_recorderRules)
        {
            RemoveUserRules();
            if (_recorderRules.Count > 0)
            {
                _kernel.Use(control => AuditRuleLoader.DeleteAll(control, _recorderRules));
                _diagnostics.Log(PluginLogLevel.Information, $"audit rules: removed the recorder's {_recorderRules.Count} rules");
                _recorderRules.Clear();
            }
        }
    }

    private void RemoveUserRules()
    {
        if (_loadedUserRules.Count == 0) return;
        _kernel.Use(control => AuditRuleLoader.DeleteAll(control, _loadedUserRules));
        _loadedUserRules.Clear();
    }
}
