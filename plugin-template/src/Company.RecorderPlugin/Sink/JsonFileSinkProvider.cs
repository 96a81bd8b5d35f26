using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// Makes a <see cref="JsonFileSink"/> for each distinct set of options that subscriptions give
/// (<c>sink: { name: company-part-name-placeholder, options: { path: ... } }</c>).
/// </summary>
[Sink("company-part-name-placeholder")]
public sealed class JsonFileSinkProvider : ISinkProvider
{
    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        var options = context.Options.Bind<JsonFileSinkOptions>();
        options.Validate();
        return new JsonFileSink(options, context.Services.Diagnostics);
    }
}
