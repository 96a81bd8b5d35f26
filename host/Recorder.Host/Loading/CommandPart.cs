using Recorder.Contracts.Commands;

namespace Recorder.Host.Loading;

/// <summary>A command found in a plugin (<see cref="CommandAttribute"/>), with its export metadata.</summary>
public sealed record CommandPart(string Name, CommandPlacement Placement, IRecorderCommand Command);

/// <summary>The MEF metadata of a <see cref="CommandAttribute"/> export, read tolerantly from the metadata dictionary.</summary>
public sealed class CommandMetadata
{
    /// <summary>Creates the view MEF fills from the attribute's properties.</summary>
    public CommandMetadata(IDictionary<string, object> metadata)
    {
        Name = metadata.TryGetValue("Name", out var name) ? name as string ?? "" : "";
        Placement = metadata.TryGetValue("Placement", out var placement) && placement is not null
            ? (CommandPlacement)Convert.ToInt32(placement, System.Globalization.CultureInfo.InvariantCulture)
            : CommandPlacement.CliOnly;
    }

    /// <summary>The command's name.</summary>
    public string Name { get; }
    /// <summary>Where it may run.</summary>
    public CommandPlacement Placement { get; }
}
