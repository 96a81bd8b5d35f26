using System.CommandLine;
using Recorder.Host.Configuration;

namespace Recorder.Cli.Commands;

/// <summary>
/// The options every command takes, built-in or from a plugin: <c>--config</c> and <c>--data-dir</c>. They are
/// declared once on the root command and recurse into every subcommand, so no command can lack or redefine them.
/// </summary>
internal sealed class HostOptions
{
    /// <summary>The configuration file; when not given, the installed /etc/recorder/recorder.yaml if it exists, else the embedded defaults (manifests/recorder.yaml).</summary>
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Configuration file overriding the embedded defaults (manifests/recorder.yaml); installed: /etc/recorder/recorder.yaml when it exists.",
        Recursive = true,
    };

    /// <summary>The data folder, overriding the configuration's <c>data_dir</c>. <c>--data</c> is its older name.</summary>
    public Option<string?> DataDir { get; } = new("--data-dir", "--data")
    {
        Description = "Data folder (default: the configuration's data_dir: ./recorder-data in a checkout, /var/lib/recorder when installed).",
        Recursive = true,
    };

    /// <summary>Adds both options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(DataDir);
    }

    /// <summary>Loads the configuration the options name, or prints the error (file:line:column) and returns null.</summary>
    public HostConfiguration? Load(ParseResult parseResult) =>
        Load(parseResult.GetValue(Config), parseResult.GetValue(DataDir), parseResult.InvocationConfiguration.Error);

    /// <summary>Loads the configuration or prints the error (file:line:column) to <paramref name="error"/> and returns null.</summary>
    public static HostConfiguration? Load(string? config, string? dataDir, TextWriter error)
    {
        try
        {
            return HostConfigurationLoader.Load(config, dataDir);
        }
        catch (ConfigurationException ex)
        {
            error.WriteLine("recorder: configuration error: " + ex.Message);
            return null;
        }
    }
}
