namespace Recorder.Linux.Audit.Auditd;

/// <summary>
/// auditd.conf as lines: <c>key = value</c> settings, comments, blank lines and anything else, kept exactly as
/// written (order, spacing, unknown keys) except for the settings that are changed.
/// </summary>
public sealed class AuditdConfigFile
{
    private readonly List<Line> _lines;
    private readonly string _lineEnd;

    private AuditdConfigFile(List<Line> lines, string lineEnd)
    {
        _lines = lines;
        _lineEnd = lineEnd;
    }

    /// <summary>One line as written (a CRLF file keeps its '\r'); <see cref="Key"/> is null for comments, blank lines and lines without '='.</summary>
    private sealed record Line(string Text, string? Key);

    public static AuditdConfigFile Parse(string text)
    {
        var lines = new List<Line>();
        // Split on '\n' only: the last piece is "" when the file ends with a newline, and joining restores it exactly.
        foreach (var raw in text.Split('\n')) lines.Add(new Line(raw, KeyOf(raw)));
        return new AuditdConfigFile(lines, text.Contains("\r\n", StringComparison.Ordinal) ? "\r" : "");
    }

    /// <summary>The value of the first setting named <paramref name="key"/> (case-insensitive), or null.</summary>
    public string? Get(string key)
    {
        var index = IndexOf(key);
        return index < 0 ? null : ValueOf(_lines[index].Text);
    }

    public bool Contains(string key) => IndexOf(key) >= 0;

    /// <summary>Replaces the value of an existing setting, keeping the key's spelling and the spacing around '='.</summary>
    public void Set(string key, string value)
    {
        var index = IndexOf(key);
        if (index < 0) throw new InvalidOperationException($"{key} is not in the file");
        var text = _lines[index].Text;
        var equals = text.IndexOf('=');
        var afterEquals = text[(equals + 1)..];
        var spacing = afterEquals[..(afterEquals.Length - afterEquals.TrimStart().Length)];
        var lineEnd = text.EndsWith('\r') ? "\r" : "";
        _lines[index] = new Line(text[..(equals + 1)] + spacing + value + lineEnd, _lines[index].Key);
    }

    /// <summary>Adds <c>key = value</c> right after the setting <paramref name="afterKey"/> (or at the end).</summary>
    public void Insert(string key, string value, string? afterKey = null)
    {
        var index = afterKey is null ? -1 : IndexOf(afterKey);
        var line = new Line($"{key} = {value}{_lineEnd}", key.ToLowerInvariant());
        if (index >= 0) _lines.Insert(index + 1, line);
        else if (_lines.Count > 0 && _lines[^1].Text.Length == 0) _lines.Insert(_lines.Count - 1, line); // before the final newline
        else _lines.Add(line);
    }

    /// <summary>Removes every setting named <paramref name="key"/>; returns how many lines went.</summary>
    public int Remove(string key) => _lines.RemoveAll(l => l.Key == key.ToLowerInvariant());

    public override string ToString() => string.Join('\n', _lines.Select(l => l.Text));

    private int IndexOf(string key)
    {
        var wanted = key.ToLowerInvariant();
        return _lines.FindIndex(l => l.Key == wanted);
    }

    private static string? KeyOf(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] == '#') return null;
        var equals = trimmed.IndexOf('=');
        if (equals <= 0) return null;
        var key = trimmed[..equals].Trim();
        return key.Length == 0 ? null : key.ToLowerInvariant();
    }

    private static string ValueOf(string line)
    {
        return line[(line.IndexOf('=') + 1)..].Trim();
    }
}
