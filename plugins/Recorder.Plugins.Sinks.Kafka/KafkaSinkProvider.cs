using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>Creates <c>sink: kafka</c> sinks from subscription options.</summary>
[Sink("kafka")]
public sealed class KafkaSinkProvider : ISinkProvider
{
    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        var settings = context.Options.Bind<KafkaSinkOptions>().Validate(context.Services.HostDataDirectory);
        return new KafkaSink(settings, context.Services.Diagnostics, TimeProvider.System);
    }
}
