using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Status;

namespace Recorder.Host.Pipeline;

/// <summary>One enricher in the chain, with the bookkeeping that isolates it when it throws.</summary>
public sealed class EnricherSlot
{
    internal EnricherSlot(string name, int order, string pluginId, IEnricher enricher, Counter failures)
    {
        Name = name;
        Order = order;
        PluginId = pluginId;
        Enricher = enricher;
        Failures = failures;
    }

    /// <summary>Export name.</summary>
    public string Name { get; }
    /// <summary>Position in the chain (lower first).</summary>
    public int Order { get; }
    /// <summary>The plugin that exported it.</summary>
    public string PluginId { get; }
    /// <summary>The enricher.</summary>
    public IEnricher Enricher { get; }
    internal Counter Failures { get; }
    internal int ConsecutiveFailures;
    internal long DisabledUntilTicks;
}

/// <summary>
/// The enrichers in order. An enricher that throws is skipped for that event (counted); after repeated
/// failures it is suspended with exponential backoff and then tried again, so one bad plugin cannot take
/// the pipeline down. Immutable: the host builds a new chain to add, remove or replace an enricher.
/// </summary>
public sealed class EnricherChain
{
    private readonly EnricherSlot[] _slots;
    private readonly HostLog _log;
    private readonly StatusBoard _status;

    /// <summary>An empty chain.</summary>
    public static EnricherChain Empty(HostLog log, StatusBoard status) => new(Array.Empty<EnricherSlot>(), log, status);

    private EnricherChain(EnricherSlot[] slots, HostLog log, StatusBoard status)
    {
        _slots = slots;
        _log = log;
        _status = status;
    }

    /// <summary>The enrichers, in order.</summary>
    public IReadOnlyList<EnricherSlot> Slots => _slots;

    /// <summary>A new chain with <paramref name="enricher"/> added (or replacing one of the same name).</summary>
    public EnricherChain With(string name, int order, string pluginId, IEnricher enricher)
    {
        var slot = new EnricherSlot(name, order, pluginId, enricher, _status.Counter("enricher." + name, "failures"));
        var slots = _slots.Where(s => s.Name != name).Append(slot).OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return new EnricherChain(slots, _log, _status);
    }

    /// <summary>A new chain without the enricher named <paramref name="name"/>.</summary>
    public EnricherChain Without(string name) => new(_slots.Where(s => s.Name != name).ToArray(), _log, _status);

    /// <summary>Runs every enricher on the event.</summary>
    public void Enrich(RecorderEvent recorderEvent)
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            if (slot.DisabledUntilTicks != 0)
            {
                if (DateTime.UtcNow.Ticks < slot.DisabledUntilTicks) continue;
                slot.DisabledUntilTicks = 0;
                _status.ReportHealth("enricher." + slot.Name, "enrich", true, "resumed after backoff");
            }
            try
            {
                slot.Enricher.Enrich(recorderEvent);
                slot.ConsecutiveFailures = 0;
            }
            catch (Exception ex)
            {
                slot.Failures.Increment();
                if (++slot.ConsecutiveFailures >= 10)
                {
                    var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(slot.ConsecutiveFailures / 10, 8))));
                    slot.DisabledUntilTicks = DateTime.UtcNow.Add(backoff).Ticks;
                    _status.ReportHealth("enricher." + slot.Name, "enrich", false, $"suspended for {backoff.TotalSeconds:0} s after {slot.ConsecutiveFailures} failures in a row: {ex.Message}");
                    _log.Error("enricher." + slot.Name, $"suspended for {backoff.TotalSeconds:0} s", ex);
                }
                else if (slot.ConsecutiveFailures == 1)
                {
                    _log.Warn("enricher." + slot.Name, $"failed on {recorderEvent.Type}", ex);
                }
            }
        }
    }

    /// <summary>Event types enrichers need to see whether or not a subscription stores them.</summary>
    public IEnumerable<string> RequiredEventTypes => _slots.SelectMany(s => SafeRequired(s.Enricher));

    private static IEnumerable<string> SafeRequired(IEnricher enricher)
    {
        try { return enricher.RequiredEventTypes.ToArray(); }
        catch { return Array.Empty<string>(); }
    }
}
