using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// The layout the import and replay tests run the built recorder in, as an investigator sets one up: a configuration
/// in a folder over the checkout's signed bundles and trust store, with one subscription storing every event type in
/// one SQLite file of the folder's data directory.
/// </summary>
internal static class ImportConfiguration
{
    /// <summary>Writes <c>recorder.yaml</c> and its subscription under <paramref name="dir"/>; returns the configuration's path.</summary>
    public static string Write(string dir, string module, string database, string? sinkOptions = null)
    {
        var subscriptions = Directory.CreateDirectory(Path.Combine(dir, "subscriptions")).FullName;
        File.WriteAllText(Path.Combine(subscriptions, "all.yaml"), $$"""
            module: {{module}}
            subscriptions:
              - name: everything
                events: ["*"]
                sink: { name: sqlite, options: { path: {{database}}{{(sinkOptions is null ? "" : ", " + sinkOptions)}} } }
            """);
        var config = Path.Combine(dir, "recorder.yaml");
        File.WriteAllText(config, $"""
            data_dir: {Path.Combine(dir, "data")}
            plugin_dirs: [{Path.Combine(RepoPaths.Root, "artifacts", "plugins")}]
            trust_store: {Path.Combine(RepoPaths.Root, "artifacts", "trust")}
            subscription_dirs: [{subscriptions}]
            """);
        return config;
    }

    /// <summary>The SQLite file <see cref="Write"/> names <paramref name="database"/>, in <paramref name="dir"/>'s data folder.</summary>
    public static string Database(string dir, string database) => Path.Combine(dir, "data", database);
}
