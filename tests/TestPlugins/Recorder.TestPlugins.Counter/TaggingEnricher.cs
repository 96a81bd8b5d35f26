using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.TestPlugins.Counter;

/// <summary>Adds a tag to every event, so tests can see that enrichers run before sinks.</summary>
[Enricher("test-tagger", Order = 5000)]
public sealed class TaggingEnricher : IEnricher
{
    public void Enrich(RecorderEvent recorderEvent) => recorderEvent.Tags["tagged_by"] = "test-tagger";
}
