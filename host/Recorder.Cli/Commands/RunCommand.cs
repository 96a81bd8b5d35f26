using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder run`.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Not built yet.");
        command.SetAction(_ => { Console.Error.WriteLine("recorder run: not built yet"); return 2; });
        return command;
    }
}
