using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder query|timeline|tree|file|net`: the investigator's questions over the stored history.</summary>
internal static class QueryCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }
}
