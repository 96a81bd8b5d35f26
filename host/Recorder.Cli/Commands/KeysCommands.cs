using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder keys`.</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var command = new Command("keys", "Not built yet.");
        command.SetAction(_ => { Console.Error.WriteLine("recorder keys: not built yet"); return 2; });
        return command;
    }
}
