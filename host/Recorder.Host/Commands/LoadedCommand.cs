using Recorder.Host.Loading;

namespace Recorder.Host.Commands;

/// <summary>A command of a verified, loaded plugin, with the plugin release that provides it.</summary>
public sealed record LoadedCommand(string PluginId, string PluginVersion, ulong PluginSequence, CommandPart Part)
{
    /// <summary>The command's name (its first word).</summary>
    public string Name => Part.Name;

    /// <summary><c>&lt;id&gt; &lt;version&gt; (sequence n)</c>, for messages.</summary>
    public string Provider => $"{PluginId} {PluginVersion} (sequence {PluginSequence})";
}
