using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Signals.Mapping;
using Recorder.Plugins.Signals.Rules;
using Recorder.Plugins.Signals.SignalEvents;

namespace Recorder.Plugins.Signals.Pipeline;

/// <summary>
/// Runs each routed event through the current rule set and writes a <c>signal.sigma</c> event per matching rule
/// through the signals collector. Signals themselves are never evaluated, so a signal cannot raise another.
/// </summary>
internal sealed class SignalsSink : ISink
{
    private readonly RuleSetHost _rules;
    private readonly SignalEvaluator _evaluator = new();
    private readonly LiveEventFields _fields = new();
    private readonly List<RuleMatch> _found = [];
    private readonly IPluginCounter _evaluated;
    private readonly IPluginCounter _matches;
    private readonly IPluginCounter _written;
    private readonly IPluginCounter _dropped;
    private readonly IPluginCounter _unrouted;
    private int _shutDown;

    public SignalsSink(RuleSetHost rules, IPluginDiagnostics diagnostics)
    {
        _rules = rules;
        _evaluated = diagnostics.Counter("events_evaluated");
        _matches = diagnostics.Counter("matches");
        _written = diagnostics.Counter("signals_written");
        // The pipeline was full: the signal is lost like any dropped event (the host counts it too).
        _dropped = diagnostics.Counter("signals_dropped");
        // A rule matched but no subscription wants signal.sigma, so the signals collector does not run.
        _unrouted = diagnostics.Counter("signals_unrouted");
    }

    public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
    {
        var engine = _rules.Current.Engine;
        var writer = SignalsHub.Writer;
        long evaluated = 0;
        foreach (var recorderEvent in batch)
        {
            if (SignalEvent.IsSignal(recorderEvent.Type)) continue;
            _found.Clear();
            if (!_evaluator.Evaluate(engine, _fields.Reset(recorderEvent), _found)) continue;
            evaluated++;
            foreach (var match in _found)
            {
                _matches.Increment();
                if (writer is null) _unrouted.Increment();
                else if (writer.TryWrite(SignalFactory.Create(writer, match, recorderEvent))) _written.Increment();
                else _dropped.Increment();
            }
        }
        _evaluated.Add(evaluated);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ShutdownAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _shutDown, 1) == 0) SignalsHub.ReleaseRules();
        return ValueTask.CompletedTask;
    }
}
