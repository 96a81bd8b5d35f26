namespace Recorder.Contracts.Importing;

/// <summary>What the host gives an importer for one file.</summary>
public sealed class ImportContext
{
    /// <summary>Creates a context.</summary>
    public ImportContext(string sourceName, IReadOnlySet<string> wantedEventTypes, CancellationToken cancellationToken)
    {
        SourceName = sourceName;
        WantedEventTypes = wantedEventTypes;
        CancellationToken = cancellationToken;
    }

    /// <summary>The file's path as the user gave it, for messages.</summary>
    public string SourceName { get; }

    /// <summary>The event types some subscription stores; an importer may skip building others.</summary>
    public IReadOnlySet<string> WantedEventTypes { get; }

    /// <summary>Set when the user interrupts the import.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Counts the importer keeps while reading; the host prints them in its summary.</summary>
    public ImportStatistics Statistics { get; } = new();
}

/// <summary>What an importer read, skipped and could not read. Written by the importer's thread only.</summary>
public sealed class ImportStatistics
{
    private readonly List<string> _problems = new();

    /// <summary>How many problems are kept with their location; the rest are only counted.</summary>
    public const int ProblemsKept = 100;

    /// <summary>Records read (lines, BinXML records, BSM records: the format's own unit).</summary>
    public long Records { get; set; }

    /// <summary>Records that could not be read (each also counted in <see cref="Problems"/>, up to <see cref="ProblemsKept"/>).</summary>
    public long Malformed { get; private set; }

    /// <summary>Records read but not turned into an event (a type no subscription wants, a kind the mapping ignores).</summary>
    public long Skipped { get; set; }

    /// <summary>The first problems, each <c>location: message</c> (a line number, a byte offset, a chunk and record number).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Counts a record that could not be read, at <paramref name="location"/> within the file.</summary>
    public void AddMalformed(string location, string message)
    {
        Malformed++;
        if (_problems.Count < ProblemsKept) _problems.Add($"{location}: {message}");
    }
}
