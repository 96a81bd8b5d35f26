using Recorder.Host.Diagnostics;

namespace Recorder.Host.Lifecycle;

/// <summary>
/// Runs lifecycle participants by stage. Start aborts on the first failure (and stops what already
/// started); stop runs in reverse stage order and continues past errors, so that one failing part does not
/// keep the others from draining.
/// </summary>
public sealed class HostLifecycle
{
    private readonly List<(int Stage, string Name, Func<CancellationToken, Task> Start, Func<CancellationToken, Task> Stop)> _participants = new();
    private readonly HostLog _log;
    private readonly List<int> _started = new();

    /// <summary>Creates an empty lifecycle.</summary>
    public HostLifecycle(HostLog log) => _log = log;

    /// <summary>The stage reached, for status.</summary>
    public string State { get; private set; } = "created";

    /// <summary>Adds a participant to a stage.</summary>
    public void Subscribe(int stage, string name, Func<CancellationToken, Task> onStart, Func<CancellationToken, Task> onStop) =>
        _participants.Add((stage, name, onStart, onStop));

    /// <summary>Starts every stage in order.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var stage in _participants.Select(p => p.Stage).Distinct().Order())
        {
            State = "starting:" + LifecycleStages.Name(stage);
            _started.Add(stage);
            try
            {
                await Task.WhenAll(_participants.Where(p => p.Stage == stage).Select(p => p.Start(cancellationToken))).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _log.Error("lifecycle", $"stage '{LifecycleStages.Name(stage)}' failed to start; stopping", ex);
                await StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        State = "running";
    }

    /// <summary>Stops the started stages in reverse order, continuing past errors.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            var stage = _started[i];
            State = "stopping:" + LifecycleStages.Name(stage);
            foreach (var participant in _participants.Where(p => p.Stage == stage).Reverse())
            {
                try { await participant.Stop(cancellationToken).ConfigureAwait(false); }
                catch (Exception ex) { _log.Error("lifecycle", $"'{participant.Name}' failed to stop", ex); }
            }
        }
        _started.Clear();
        State = "stopped";
    }
}
