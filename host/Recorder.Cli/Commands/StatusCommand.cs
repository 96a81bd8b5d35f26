using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder status`.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Not built yet.");
        command.SetAction(_ => { Console.Error.WriteLine("recorder status: not built yet"); return 2; });
        return command;
    }
}
