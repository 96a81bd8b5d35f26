using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Recorder.Cli.ContributedCommands;

/// <summary>
/// <c>--help</c> as usual, then, for a plugin command that gives one (<c>CommandDescription.Example</c>), an example
/// of the command and its answer. Only in the command's own help: the root's list of commands stays one line each.
/// </summary>
internal sealed class HelpWithExamples : SynchronousCommandLineAction
{
    private readonly SynchronousCommandLineAction _help;
    private readonly Dictionary<Command, string> _examples = [];

    private HelpWithExamples(SynchronousCommandLineAction help) => _help = help;

    /// <summary>Makes the root's help option print examples; returns where to register them.</summary>
    public static HelpWithExamples? InstallOn(RootCommand root)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is not { Action: SynchronousCommandLineAction help } option) return null;
        if (help is HelpWithExamples installed) return installed;
        var withExamples = new HelpWithExamples(help);
        option.Action = withExamples;
        return withExamples;
    }

    /// <summary>Shows <paramref name="example"/> after the help of <paramref name="command"/>.</summary>
    public void Add(Command command, string example) => _examples[command] = example;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        var exit = _help.Invoke(parseResult);
        if (_examples.TryGetValue(parseResult.CommandResult.Command, out var example))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Example:");
            foreach (var line in example.TrimEnd().Split('\n')) output.WriteLine("  " + line.TrimEnd('\r'));
            output.WriteLine();
        }
        return exit;
    }
}
