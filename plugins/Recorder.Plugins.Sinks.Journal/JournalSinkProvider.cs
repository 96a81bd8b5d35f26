using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Journal;

/// <summary>Creates <c>sink: journal</c> sinks from subscription options.</summary>
[Sink("journal")]
public sealed class JournalSinkProvider : ISinkProvider
{
    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        var settings = Validated(context);
        return new JournalSink(settings, context.Services.Diagnostics, TimeProvider.System);
    }

    /// <inheritdoc />
    public void ValidateOptions(SinkContext context) => Validated(context);

    private static JournalSettings Validated(SinkContext context)
    {
        var settings = context.Options.Bind<JournalSinkOptions>().Validate(context.Services.HostDataDirectory);
        context.CheckStoragePath("path", settings.Folder);
        return settings;
    }
}
