using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// A subscription's options for this sink:
/// <code>
/// sink:
///   name: company-part-name-placeholder
///   options:
///     path: /var/lib/recorder/company-events.jsonl
///     flush_to_disk: true
/// </code>
/// </summary>
public sealed record JsonFileSinkOptions
{
    /// <summary>File the events are appended to, one JSON object per line. Required.</summary>
    public string Path { get; init; } = "";

    /// <summary>Whether a flush also forces the file to disk (slower, survives a power cut).</summary>
    public bool FlushToDisk { get; init; }

    /// <summary>Refuses values the sink cannot work with; the host reports them against the subscription's file and line.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new PluginOptionsException("path", "is required: the file to append events to");
        if (!System.IO.Path.IsPathFullyQualified(Path)) throw new PluginOptionsException("path", $"'{Path}' must be an absolute path");
    }
}
