using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Signals.Pipeline;

/// <summary>
/// <c>sink: signals</c>: evaluates every event a subscription routes to it against the plugin's Sigma rules. The host
/// feeds it on its own worker, after enrichment, so rule evaluation never slows collection. It takes no options: the
/// rules are the plugin's settings (<c>plugins: recorder.signals:</c>).
/// </summary>
[Sink("signals")]
public sealed class SignalsSinkProvider : ISinkProvider
{
    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        if (context.Options.Values.Count > 0)
            throw new PluginOptionsException(context.Options.Values.Keys.First(),
                "the signals sink takes no options; rule folders and filters are set under plugins: recorder.signals: in the host configuration");
        return new SignalsSink(SignalsHub.AcquireRules(context.Services), context.Services.Diagnostics);
    }
}
