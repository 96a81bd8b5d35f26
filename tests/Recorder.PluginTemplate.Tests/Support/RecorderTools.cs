namespace Recorder.PluginTemplate.Tests.Support;

/// <summary>Where this checkout's build put the tools a plugin author uses: the <c>recorder</c> command and its contracts.</summary>
internal static class RecorderTools
{
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built <c>recorder</c> command's folder; it holds the Recorder.Contracts.dll the host shares, as an installed recorder does.</summary>
    public static string CliDirectory { get; } = Path.Combine(RepoPaths.Root, "host", "Recorder.Cli", "bin", Configuration, "net10.0");

    /// <summary>The <c>recorder</c> executable.</summary>
    public static string Cli
    {
        get
        {
            var path = Path.Combine(CliDirectory, "recorder");
            if (!File.Exists(path)) throw new InvalidOperationException($"the recorder command is not built at {path}");
            return path;
        }
    }

    /// <summary>The template package folder.</summary>
    public static string TemplateFolder { get; } = Path.Combine(RepoPaths.Root, "plugin-template");

    /// <summary>Build output of a test plugin project in tests/TestPlugins.</summary>
    public static string TestPluginOutput(string project)
    {
        var directory = Path.Combine(RepoPaths.Root, "tests", "TestPlugins", project, "bin", Configuration, "net10.0");
        if (!File.Exists(Path.Combine(directory, project + ".dll"))) throw new InvalidOperationException($"test plugin {project} is not built at {directory}");
        return directory;
    }

    /// <summary>Runs the <c>recorder</c> command.</summary>
    public static Task<string> RecorderAsync(string workingDirectory, params string[] arguments) =>
        DotnetCommand.RunAsync(Cli, workingDirectory, TimeSpan.FromMinutes(1), arguments);
}
