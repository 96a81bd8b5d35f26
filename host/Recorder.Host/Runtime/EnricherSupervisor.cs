using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Isolation;
using Recorder.Host.Loading;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;

namespace Recorder.Host.Runtime;

/// <summary>
/// Puts a plugin's enrichers into the pipeline's chain and takes them out again. A new version of an enricher
/// takes over its predecessor's state while the pipeline is paused for that instant, so no event sees a
/// half-initialised enricher and none is enriched by a stopped one.
/// </summary>
internal sealed class EnricherSupervisor
{
    private readonly EventPipeline _pipeline;
    private readonly Func<string, string, IPluginServices> _servicesFor;
    private readonly HostLog _log;
    private readonly StatusBoard _status;
    private readonly TimeSpan _callTimeout;

    public EnricherSupervisor(EventPipeline pipeline, Func<string, string, IPluginServices> servicesFor, HostLog log, StatusBoard status, TimeSpan callTimeout)
    {
        _pipeline = pipeline;
        _servicesFor = servicesFor;
        _log = log;
        _status = status;
        _callTimeout = callTimeout;
    }

    /// <summary>
    /// Starts the enrichers of <paramref name="pluginId"/>'s newly loaded version, each taking over the state of
    /// the enricher of the same name it replaces; stops the enrichers the previous version had and this one dropped.
    /// </summary>
    public async Task SwapInAsync(string pluginId, IReadOnlyList<EnricherPart> parts, bool replacesPrevious, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            var old = _pipeline.Enrichers.Slots.FirstOrDefault(s => s.Name == part.Name);
            if (old is not null && old.PluginId != pluginId)
            {
                _log.Warn("enrichers", $"enricher '{part.Name}' from {pluginId} ignored: {old.PluginId} already provides it");
                continue;
            }
            var domain = "enricher." + part.Name;
            var services = _servicesFor(pluginId, domain);
            Exception? failure = null;
            var enricher = part.Enricher;
            if (old is null)
            {
                // Nothing to take over: start it while events flow, and put it into the chain once started.
                try
                {
                    await PluginCall.RunAsync($"enricher {part.Name}: start", () => enricher.StartAsync(services, null, cancellationToken), _callTimeout, cancellationToken).ConfigureAwait(false);
                    _pipeline.Pause(() => _pipeline.SetEnrichers(_pipeline.Enrichers.With(part.Name, part.Order, pluginId, enricher)));
                }
                catch (Exception ex) { failure = ex; }
            }
            else
            {
                // A successor takes over its predecessor's state with no event in between: the pipeline waits, at
                // most two plugin-call timeouts (each call runs on a thread the host can abandon).
                var previous = old.Enricher;
                _pipeline.Pause(() =>
                {
                    ReadOnlyMemory<byte>? state = null;
                    try { state = PluginCall.RunAsync($"enricher {part.Name}: stop", () => previous.StopAsync(cancellationToken), _callTimeout).GetAwaiter().GetResult(); }
                    catch (Exception ex) { _log.Error(domain, "old version failed to stop", ex); }
                    var chain = _pipeline.Enrichers;
                    try
                    {
                        PluginCall.RunAsync($"enricher {part.Name}: start", () => enricher.StartAsync(services, state, cancellationToken), _callTimeout).GetAwaiter().GetResult();
                        chain = chain.With(part.Name, part.Order, pluginId, enricher);
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                        chain = chain.Without(part.Name);
                    }
                    _pipeline.SetEnrichers(chain);
                });
            }
            if (failure is not null)
            {
                _status.ReportHealth(domain, "start", false, failure.Message);
                _log.Error(domain, "failed to start; running without it", failure);
            }
            else
            {
                _status.Set(domain, "state", $"running (order {part.Order}, plugin {pluginId})");
            }
        }
        if (replacesPrevious)
        {
            var dropped = _pipeline.Enrichers.Slots.Where(s => s.PluginId == pluginId && parts.All(e => e.Name != s.Name)).ToArray();
            await RemoveSlotsAsync(dropped, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes every enricher of <paramref name="pluginId"/> out of the chain and stops it.</summary>
    public Task RemoveAsync(string pluginId) =>
        RemoveSlotsAsync(_pipeline.Enrichers.Slots.Where(s => s.PluginId == pluginId).ToArray(), CancellationToken.None);

    private async Task RemoveSlotsAsync(IReadOnlyList<EnricherSlot> slots, CancellationToken cancellationToken)
    {
        foreach (var slot in slots)
        {
            _pipeline.SetEnrichers(_pipeline.Enrichers.Without(slot.Name));
            var enricher = slot.Enricher;
            try { await PluginCall.RunAsync($"enricher {slot.Name}: stop", () => enricher.StopAsync(cancellationToken), _callTimeout).ConfigureAwait(false); }
            catch (Exception ex) { _log.Warn("enricher." + slot.Name, "stop failed", ex); }
        }
    }
}
