using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder replay`.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var command = new Command("replay", "Not built yet.");
        command.SetAction(_ => { Console.Error.WriteLine("recorder replay: not built yet"); return 2; });
        return command;
    }
}
