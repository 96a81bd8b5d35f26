using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// Adds a tag (<c>site=...</c> by default) to events after collection and before routing, so every sink stores
/// it and subscriptions can filter on it. <see cref="Enrich"/> runs on the pipeline's hot path for every event:
/// it only reads fields prepared in <see cref="StartAsync"/>, and allocates nothing.
/// </summary>
[Enricher("company-part-name-placeholder", Order = 5000)]
public sealed class SampleEnricher : IEnricher
{
    private string _tag = "";
    private string _value = "";
    private HashSet<string>? _eventTypes;
    private IPluginCounter? _tagged;

    /// <inheritdoc />
    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        var options = services.Settings.Bind<SampleEnricherOptions>();
        options.Validate();
        _tag = options.Tag;
        _value = options.Value;
        _eventTypes = options.EventTypes.Count == 0 ? null : new HashSet<string>(options.EventTypes, StringComparer.Ordinal);
        _tagged = services.Diagnostics.Counter("tagged");
        services.Diagnostics.SetStatus("tag", $"{_tag}={_value}");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Enrich(RecorderEvent recorderEvent)
    {
        if (_eventTypes is not null && !_eventTypes.Contains(recorderEvent.Type)) return;
        recorderEvent.Tags[_tag] = _value;
        _tagged?.Increment();
    }
}
