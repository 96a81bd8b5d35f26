using Recorder.Contracts.Plugins;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite;

/// <summary>Creates <c>sink: sqlite</c> stores from subscription options.</summary>
[Sink("sqlite")]
public sealed class SqliteSinkProvider : ISinkProvider
{
    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        var (path, budget) = Validated(context);
        return new SqliteSink(path, budget, context.Services.Diagnostics, TimeProvider.System);
    }

    /// <inheritdoc />
    public void ValidateOptions(SinkContext context) => Validated(context);

    private static (string Path, StoreBudget Budget) Validated(SinkContext context)
    {
        var validated = context.Options.Bind<SqliteSinkOptions>().Validate(context.Services.HostDataDirectory);
        context.CheckStoragePath("path", validated.Path);
        return validated;
    }
}
