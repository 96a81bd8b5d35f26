using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Sqlite;

/// <summary>Creates <c>sink: sqlite</c> stores from subscription options.</summary>
[Sink("sqlite")]
public sealed class SqliteSinkProvider : ISinkProvider
{
    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        var options = context.Options.Bind<SqliteSinkOptions>();
        var (path, budget) = options.Validate(context.Services.HostDataDirectory);
        return new SqliteSink(path, budget, context.Services.Diagnostics, TimeProvider.System);
    }

    /// <inheritdoc />
    public void ValidateOptions(SinkContext context) => context.Options.Bind<SqliteSinkOptions>().Validate(context.Services.HostDataDirectory);
}
