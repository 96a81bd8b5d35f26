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
    internal int Suspensions;
    internal long DisabledUntilTicks;
    /// <summary>Non-zero while a call into it hangs: the chain bypasses it.</summary>
    internal long HungSinceTicks;
    internal int Hangs;

    /// <summary>Whether events currently flow past this enricher (hung, or suspended after failures).</summary>
    public bool IsBypassed => Volatile.Read(ref HungSinceTicks) != 0 || DisabledUntilTicks > DateTime.UtcNow.Ticks;
}

/// <summary>
/// The enrichers in order. An enricher that throws is skipped for that event (counted); after ten failures in a
/// row it is suspended with a back-off that doubles at each suspension (2 s, 4 s, ... 256 s, then 300 s) and then
/// tried again, so one bad plugin cannot take the pipeline down. An enricher whose call hangs is bypassed (see
/// <see cref="EventPipeline"/>'s watchdog). Immutable: the host builds a new chain to add, remove or replace an enricher.
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

    /// <summary>Runs every enricher on the event (replay: no watchdog).</summary>
    public void Enrich(RecorderEvent recorderEvent) => Enrich(recorderEvent, null);

    /// <summary>
    /// Runs every enricher on the event, each call under <paramref name="watch"/>. False when the watchdog abandoned
    /// this thread during a call: the caller must leave the pipeline alone from then on.
    /// </summary>
    internal bool Enrich(RecorderEvent recorderEvent, EnrichWatch? watch)
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            if (Volatile.Read(ref slot.HungSinceTicks) != 0) continue;
            if (slot.DisabledUntilTicks != 0)
            {
                if (DateTime.UtcNow.Ticks < slot.DisabledUntilTicks) continue;
                slot.DisabledUntilTicks = 0;
                _status.ReportHealth("enricher." + slot.Name, "enrich", true, "resumed after backoff");
            }
            var token = watch?.Begin(slot) ?? 0;
            try
            {
                slot.Enricher.Enrich(recorderEvent);
                if (watch is not null && !watch.End(token)) return false;
                slot.ConsecutiveFailures = 0;
                slot.Suspensions = 0;
            }
            catch (Exception ex)
            {
                if (watch is not null && !watch.End(token)) return false;
                slot.Failures.Increment();
                if (++slot.ConsecutiveFailures >= 10)
                {
                    slot.ConsecutiveFailures = 0;
                    var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(++slot.Suspensions, 9))));
                    slot.DisabledUntilTicks = DateTime.UtcNow.Add(backoff).Ticks;
                    _status.ReportHealth("enricher." + slot.Name, "enrich", false, $"suspended for {backoff.TotalSeconds:0} s after 10 failures in a row: {ex.Message}");
                    _log.Error("enricher." + slot.Name, $"suspended for {backoff.TotalSeconds:0} s", ex);
                }
                else if (slot.ConsecutiveFailures == 1)
                {
                    _log.Warn("enricher." + slot.Name, $"failed on {recorderEvent.Type}", ex);
                }
            }
        }
        return true;
    }

    /// <summary>Event types enrichers need to see whether or not a subscription stores them.</summary>
    public IEnumerable<string> RequiredEventTypes => _slots.SelectMany(s => SafeRequired(s.Enricher));

    private static IEnumerable<string> SafeRequired(IEnricher enricher)
    {
        try { return enricher.RequiredEventTypes.ToArray(); }
        catch { return Array.Empty<string>(); }
    }
}
