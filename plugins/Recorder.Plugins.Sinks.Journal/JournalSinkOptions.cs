using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Journal;

/// <summary>The <c>options:</c> of a <c>sink: journal</c> subscription.</summary>
public sealed class JournalSinkOptions
{
    /// <summary><c>path</c>: the folder of the journal files; relative paths are under the host's data folder.</summary>
    public string Path { get; set; } = "journal";
    /// <summary><c>max_file_mb</c>: the current file is rotated when it reaches this size (default 64).</summary>
    public double MaxFileMb { get; set; } = 64;
    /// <summary><c>max_files</c>: at most this many rotated files are kept (default 20).</summary>
    public int MaxFiles { get; set; } = 20;
    /// <summary><c>compress</c>: gzip rotated files (default true).</summary>
    public bool Compress { get; set; } = true;
    /// <summary><c>max_size_mb</c>: budget for every journal file together (default 1024).</summary>
    public double MaxSizeMb { get; set; } = 1024;
    /// <summary><c>max_age_days</c>: rotated files older than this are deleted (default 90).</summary>
    public double MaxAgeDays { get; set; } = 90;
    /// <summary><c>flush_interval_ms</c>: how often written lines are handed to the OS; 0 = after every batch (default).</summary>
    public int FlushIntervalMs { get; set; }
    /// <summary><c>fsync</c>: also force every flush to disk (survives power loss; slower). Default false: fsync on rotation and shutdown.</summary>
    public bool Fsync { get; set; }

    /// <summary><c>format</c>: <c>recorder</c> (default: one flat line per event under Recorder's names) or <c>ecs</c>
    /// (one Elastic Common Schema 8.11 document per line, as <c>recorder watch --format ecs</c> and the Kafka sink write).</summary>
    public string Format { get; set; } = JournalFormats.Recorder;

    /// <summary>Checks the values; throws <see cref="PluginOptionsException"/> naming the bad option.</summary>
    public JournalSettings Validate(string hostDataDirectory)
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new PluginOptionsException("path", "must name a folder, such as journal");
        if (!(MaxFileMb >= 0.01)) throw new PluginOptionsException("max_file_mb", $"must be at least 0.01, not {MaxFileMb}");
        if (MaxFiles < 1) throw new PluginOptionsException("max_files", $"must be at least 1, not {MaxFiles}");
        if (!(MaxSizeMb >= 0.1)) throw new PluginOptionsException("max_size_mb", $"must be at least 0.1, not {MaxSizeMb}");
        if (MaxSizeMb < MaxFileMb) throw new PluginOptionsException("max_size_mb", $"({MaxSizeMb}) must be at least max_file_mb ({MaxFileMb})");
        if (!(MaxAgeDays > 0)) throw new PluginOptionsException("max_age_days", $"must be more than 0, not {MaxAgeDays}");
        if (FlushIntervalMs < 0) throw new PluginOptionsException("flush_interval_ms", $"must be 0 or more, not {FlushIntervalMs}");
        var format = Format?.Trim().ToLowerInvariant() switch
        {
            JournalFormats.Recorder or "" or null => JournalFormat.Recorder,
            JournalFormats.Ecs => JournalFormat.Ecs,
            _ => throw new PluginOptionsException("format", $"must be {JournalFormats.Recorder} or {JournalFormats.Ecs}, not '{Format}'"),
        };
        var folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(hostDataDirectory, Path));
        if (File.Exists(folder)) throw new PluginOptionsException("path", $"'{folder}' is a file; name a folder");
        // The sink names its files itself (events.jsonl, events-<time>.jsonl[.gz]); a path that looks like one of them
        // would become a folder of that name.
        if (System.IO.Path.GetExtension(folder) is ".jsonl" or ".json" or ".gz" or ".log")
        {
            var parent = System.IO.Path.GetDirectoryName(Path.TrimEnd('/'));
            var suggestion = string.IsNullOrEmpty(parent) ? "journal" : parent;
            throw new PluginOptionsException("path", $"'{Path}' looks like a file name, but path names the journal's folder (the sink names the files in it); use '{suggestion}'");
        }
        return new JournalSettings(folder, (long)(MaxFileMb * 1048576), MaxFiles, Compress, (long)(MaxSizeMb * 1048576),
            TimeSpan.FromDays(MaxAgeDays), TimeSpan.FromMilliseconds(FlushIntervalMs), Fsync) { Format = format };
    }
}

/// <summary>The values of the <c>format</c> option.</summary>
public static class JournalFormats
{
    /// <summary>Recorder's own flat lines (the default).</summary>
    public const string Recorder = "recorder";
    /// <summary>Elastic Common Schema documents.</summary>
    public const string Ecs = "ecs";
}

/// <summary>How the journal writes each event.</summary>
public enum JournalFormat
{
    /// <summary>One flat JSON object under Recorder's dotted names.</summary>
    Recorder,
    /// <summary>One nested ECS document (<see cref="Recorder.Contracts.Ecs.EcsDocument"/>).</summary>
    Ecs,
}

/// <summary>Validated journal settings.</summary>
public sealed record JournalSettings(string Folder, long MaxFileBytes, int MaxFiles, bool Compress, long MaxTotalBytes,
    TimeSpan MaxAge, TimeSpan FlushInterval, bool Fsync)
{
    /// <summary>How each event is written.</summary>
    public JournalFormat Format { get; init; } = JournalFormat.Recorder;
}
