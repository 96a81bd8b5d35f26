using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder subscription`.</summary>
internal static class SubscriptionCommands
{
    public static Command Create()
    {
        var command = new Command("subscription", "Not built yet.");
        command.SetAction(_ => { Console.Error.WriteLine("recorder subscription: not built yet"); return 2; });
        return command;
    }
}
