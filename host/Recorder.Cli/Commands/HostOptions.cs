using System.CommandLine;
using Recorder.Host.Configuration;

namespace Recorder.Cli.Commands;

/// <summary>Options every command that touches the host's configuration shares.</summary>
internal static class HostOptions
{
    public static Option<string?> Config() => new("--config") { Description = "Configuration file overriding the embedded defaults (manifests/recorder.yaml)." };

    public static Option<string?> DataDir() => new("--data-dir") { Description = "Data folder (default: ./recorder-data in a checkout, /var/lib/recorder when installed)." };

    /// <summary>Loads the configuration or prints the error (file:line:column) and returns null.</summary>
    public static HostConfiguration? Load(string? config, string? dataDir)
    {
        try
        {
            return HostConfigurationLoader.Load(config, dataDir);
        }
        catch (ConfigurationException ex)
        {
            Console.Error.WriteLine("recorder: configuration error: " + ex.Message);
            return null;
        }
    }
}
