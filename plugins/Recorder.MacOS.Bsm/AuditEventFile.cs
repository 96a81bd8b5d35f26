namespace Recorder.MacOS.Bsm;

/// <summary>
/// <c>/etc/security/audit_event</c> (<c>number:name:description:classes</c>), edited so that our class is in the
/// class list of exactly the events wanted: it is appended where missing and taken out where no longer wanted, and
/// nothing else on any line changes. Comments, blank lines and other classes are kept.
/// </summary>
public sealed class AuditEventFile
{
    private readonly List<string> _lines;
    private readonly bool _endsWithNewline;

    private AuditEventFile(List<string> lines, bool endsWithNewline)
    {
        _lines = lines;
        _endsWithNewline = endsWithNewline;
    }

    public static AuditEventFile Parse(string text)
    {
        var lines = text.Split('\n').ToList();
        var endsWithNewline = text.EndsWith('\n');
        if (endsWithNewline) lines.RemoveAt(lines.Count - 1);
        return new AuditEventFile(lines, endsWithNewline);
    }

    public override string ToString() => string.Join('\n', _lines) + (_endsWithNewline || _lines.Count == 0 ? "\n" : "");

    /// <summary>The event numbers whose class list holds <paramref name="className"/>.</summary>
    public IReadOnlySet<ushort> EventsOf(string className)
    {
        var events = new SortedSet<ushort>();
        foreach (var line in _lines)
            if (Split(line) is { } e && e.Classes.Contains(className)) events.Add(e.Number);
        return events;
    }

    /// <summary>The event numbers the file defines.</summary>
    public IReadOnlySet<ushort> Defined => _lines.Select(Split).Where(e => e is not null).Select(e => e!.Value.Number).ToHashSet();

    /// <summary>
    /// Makes <paramref name="className"/> the class of exactly <paramref name="wanted"/> (among the events the file
    /// defines); returns how many lines changed.
    /// </summary>
    public int Assign(string className, IReadOnlySet<ushort> wanted)
    {
        var changed = 0;
        for (var i = 0; i < _lines.Count; i++)
        {
            if (Split(_lines[i]) is not { } e) continue;
            var has = e.Classes.Contains(className);
            var want = wanted.Contains(e.Number);
            if (has == want) continue;
            var classes = want ? [.. e.Classes, className] : e.Classes.Where(c => c != className).ToList();
            _lines[i] = $"{e.Prefix}{(classes.Count == 0 ? "no" : string.Join(',', classes))}";
            changed++;
        }
        return changed;
    }

    /// <summary>Takes <paramref name="className"/> out of every event (uninstall).</summary>
    public int RemoveClass(string className) => Assign(className, new HashSet<ushort>());

    /// <summary>number, the line up to and including the last ':' and the class list ("no" is the empty list).</summary>
    private static (ushort Number, string Prefix, List<string> Classes)? Split(string line)
    {
        if (line.StartsWith('#')) return null;
        var first = line.IndexOf(':');
        var last = line.LastIndexOf(':');
        if (first <= 0 || line.Count(c => c == ':') < 3 || !ushort.TryParse(line.AsSpan(0, first), out var number)) return null;
        var classes = line[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c != "no").ToList();
        return (number, line[..(last + 1)], classes);
    }
}
