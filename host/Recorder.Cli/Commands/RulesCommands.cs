using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder rules`.</summary>
internal static class RulesCommands
{
    public static Command Create()
    {
        var command = new Command("rules", "Not built yet.");
        command.SetAction(_ => { Console.Error.WriteLine("recorder rules: not built yet"); return 2; });
        return command;
    }
}
