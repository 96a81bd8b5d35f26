using Recorder.Contracts.Plugins;
using Recorder.Plugins.Signals.Rules;

namespace Recorder.Plugins.Signals.Pipeline;

/// <summary>
/// What the plugin's parts share inside its load context: the signals collector's writer (where the sink hands its
/// signals, so they enter the pipeline and are routed like any event) and the one rule set every signals sink runs.
/// A new plugin version has a load context, and so a hub, of its own.
/// </summary>
internal static class SignalsHub
{
    private static readonly Lock Gate = new();
    private static IEventWriter? _writer;
    private static RuleSetHost? _rules;
    private static int _ruleUsers;

    /// <summary>The running signals collector's writer, or null when nothing subscribes to signals.</summary>
    public static IEventWriter? Writer => Volatile.Read(ref _writer);

    public static void Attach(IEventWriter writer) => Volatile.Write(ref _writer, writer);

    public static void Detach(IEventWriter writer) => Interlocked.CompareExchange(ref _writer, null, writer);

    /// <summary>The plugin's rule set, loaded (and watched) on first use; release it with <see cref="ReleaseRules"/>.</summary>
    public static RuleSetHost AcquireRules(IPluginServices services)
    {
        lock (Gate)
        {
            if (_rules is null)
            {
                var settings = services.Settings.Bind<SignalsSettings>();
                var rules = new RuleSetHost(settings, services.HostDataDirectory, services.Diagnostics);
                rules.Start();
                _rules = rules;
            }
            _ruleUsers++;
            return _rules;
        }
    }

    public static void ReleaseRules()
    {
        lock (Gate)
        {
            if (--_ruleUsers > 0 || _rules is null) return;
            _rules.Dispose();
            _rules = null;
        }
    }
}
