using Recorder.Contracts.Plugins;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite;

/// <summary>The <c>options:</c> of a <c>sink: sqlite</c> subscription.</summary>
public sealed class SqliteSinkOptions
{
    /// <summary><c>path</c>: the database file; relative paths are under the host's data folder.</summary>
    public string Path { get; set; } = "recorder.db";

    /// <summary><c>max_age_days</c>: history older than this is dropped (default 90).</summary>
    public double MaxAgeDays { get; set; } = 90;

    /// <summary><c>max_size_mb</c>: the budget for every file of the store together, in MiB (default 1024).</summary>
    public double MaxSizeMb { get; set; } = 1024;

    /// <summary>Checks the values and returns the absolute path and budget; throws <see cref="PluginOptionsException"/> naming the bad option.</summary>
    public (string Path, StoreBudget Budget) Validate(string hostDataDirectory)
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new PluginOptionsException("path", "must name a database file, such as recorder.db");
        if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0) throw new PluginOptionsException("path", $"'{Path}' is not a valid path");
        if (!(MaxAgeDays > 0) || MaxAgeDays > 36_500) throw new PluginOptionsException("max_age_days", $"must be between 0 and 36500 days, not {MaxAgeDays}");
        if (!(MaxSizeMb >= 1) || MaxSizeMb > 16 * 1024 * 1024) throw new PluginOptionsException("max_size_mb", $"must be at least 1 (MiB), not {MaxSizeMb}");
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(hostDataDirectory, Path));
        if (Directory.Exists(full)) throw new PluginOptionsException("path", $"'{full}' is a folder; name a file inside it");
        return (full, new StoreBudget(TimeSpan.FromDays(MaxAgeDays), (long)(MaxSizeMb * 1024 * 1024)));
    }
}
