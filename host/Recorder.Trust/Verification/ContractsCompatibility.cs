namespace Recorder.Trust;

/// <summary>
/// Which contracts versions a host loads. Contracts follow semantic versioning: a minor release only adds, so a
/// plugin built for an older minor of the same major runs; a major release breaks (contracts 2.0 changed the event
/// model), so a plugin built for another major is refused rather than adapted; and a plugin built for newer contracts
/// than the host's may use what the host lacks.
/// </summary>
public static class ContractsCompatibility
{
    /// <summary>Null when a plugin built for <paramref name="plugin"/> may run on a host with <paramref name="host"/>; otherwise why not.</summary>
    public static (PluginRefusalReason Reason, string Message)? Check(Version plugin, Version host)
    {
        var pluginText = PluginManifestWriter.FormatContractsVersion(plugin);
        var hostText = PluginManifestWriter.FormatContractsVersion(host);
        if (plugin > host)
            return (PluginRefusalReason.ContractsTooNew, $"the plugin needs contracts {pluginText}; this host has {hostText}");
        if (plugin.Major != host.Major)
            return (PluginRefusalReason.ContractsIncompatible,
                $"the plugin was built for contracts {pluginText}; this host has {hostText} (major versions must match: rebuild the plugin against contracts {host.Major}.x)");
        return null;
    }
}
