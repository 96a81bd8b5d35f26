using System.Composition;

namespace Recorder.Contracts.Commands;

/// <summary>Where a plugin command may run.</summary>
public enum CommandPlacement
{
    /// <summary>Only in the <c>recorder</c> process that was typed (it reads standard input, writes files, starts its own pipeline...).</summary>
    CliOnly = 0,
    /// <summary>
    /// Also inside the running recorder, through its control socket: the CLI asks a running recorder first, so the
    /// answer comes from the plugin version that is writing the data (queries). <c>--local</c> forces the CLI.
    /// </summary>
    CliOrRunningHost = 1,
}

/// <summary>
/// Exports a command to the <c>recorder</c> command line under a name (<c>recorder &lt;name&gt; ...</c>). The class
/// implements <see cref="IRecorderCommand"/>; the command line finds it once the plugin is verified and loaded.
/// </summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CommandAttribute : ExportAttribute
{
    /// <summary>Exports the command <paramref name="name"/>.</summary>
    public CommandAttribute(string name) : base(typeof(IRecorderCommand)) => Name = name;
    /// <summary>The first word on the command line, lower-case (such as <c>timeline</c>). Must equal <see cref="CommandDescription.Name"/>.</summary>
    public string Name { get; }
    /// <summary>Where the command may run (default: only in the CLI).</summary>
    public CommandPlacement Placement { get; set; } = CommandPlacement.CliOnly;
}
