using System.Globalization;

namespace Recorder.MacOS.Bsm;

/// <summary>
/// <c>/etc/security/audit_class</c> (<c>mask:name:description</c> per line), edited so that only our own class's line
/// changes: comments, blank lines and every other class stay byte for byte. Adding is idempotent (an existing class
/// of our name keeps its bit) and removing takes back exactly what adding wrote.
/// </summary>
public sealed class AuditClassFile
{
    private readonly List<string> _lines;
    private readonly bool _endsWithNewline;

    private AuditClassFile(List<string> lines, bool endsWithNewline)
    {
        _lines = lines;
        _endsWithNewline = endsWithNewline;
    }

    public static AuditClassFile Parse(string text)
    {
        var lines = text.Split('\n').ToList();
        var endsWithNewline = text.EndsWith('\n');
        if (endsWithNewline) lines.RemoveAt(lines.Count - 1);
        return new AuditClassFile(lines, endsWithNewline);
    }

    public override string ToString() => string.Join('\n', _lines) + (_endsWithNewline || _lines.Count == 0 ? "\n" : "");

    /// <summary>The classes defined: name → mask (the file's own malformed lines are left alone and not listed).</summary>
    public IReadOnlyDictionary<string, uint> Classes =>
        _lines.Select(Entry).Where(e => e is not null).GroupBy(e => e!.Value.Name).ToDictionary(g => g.Key, g => g.First()!.Value.Mask);

    /// <summary>
    /// The mask of class <paramref name="name"/>, adding it with one bit no other class uses when it is not there.
    /// Throws when every bit is taken.
    /// </summary>
    public uint Ensure(string name, string description)
    {
        if (Classes.TryGetValue(name, out var existing)) return existing;
        var used = 0u;
        foreach (var (other, mask) in Classes)
            if (mask != uint.MaxValue) used |= mask; // "all" (0xffffffff) is every class together, not a class of its own
        // Prefer the bits OpenBSM leaves unallocated (between ap 0x4000 and io 0x20000000).
        for (var bit = 15; bit < 29; bit++)
        {
            var candidate = 1u << bit;
            if ((used & candidate) == 0)
            {
                _lines.Add($"0x{candidate:x8}:{name}:{description}");
                return candidate;
            }
        }
        throw new InvalidOperationException($"audit_class: every unallocated class bit is taken; no bit is left for class '{name}'");
    }

    /// <summary>Removes class <paramref name="name"/>; true when it was there.</summary>
    public bool Remove(string name) => _lines.RemoveAll(l => Entry(l)?.Name == name) > 0;

    private static (uint Mask, string Name)? Entry(string line)
    {
        if (line.StartsWith('#')) return null;
        var fields = line.Split(':');
        if (fields.Length < 2) return null;
        var mask = fields[0].Trim();
        if (mask.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) mask = mask[2..];
        return uint.TryParse(mask, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? (value, fields[1].Trim()) : null;
    }
}
