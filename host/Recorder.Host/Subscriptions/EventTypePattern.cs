namespace Recorder.Host.Subscriptions;

/// <summary>
/// An event type name or a wildcard over names: <c>file.write</c>, <c>file.*</c>, <c>*.failure</c>, <c>*</c>.
/// <c>*</c> stands for any run of characters, dots included.
/// </summary>
public sealed class EventTypePattern
{
    private readonly string[] _parts; // the literal pieces between stars

    /// <summary>Parses a pattern; see <see cref="IsValid"/> for what is accepted.</summary>
    public EventTypePattern(string text)
    {
        Text = text;
        IsWildcard = text.Contains('*');
        _parts = text.Split('*');
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True when the pattern has a <c>*</c>.</summary>
    public bool IsWildcard { get; }

    /// <summary>True for lower-case letters, digits, <c>_</c>, <c>.</c> and <c>*</c>, not empty.</summary>
    public static bool IsValid(string text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var c in text)
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '*')) return false;
        return true;
    }

    /// <summary>True when the type name matches. Allocates nothing.</summary>
    public bool Matches(string eventType)
    {
        if (!IsWildcard) return string.Equals(Text, eventType, StringComparison.Ordinal);
        var rest = eventType.AsSpan();
        var first = _parts[0];
        if (!rest.StartsWith(first, StringComparison.Ordinal)) return false;
        rest = rest[first.Length..];
        var last = _parts[^1];
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = rest.IndexOf(_parts[i], StringComparison.Ordinal);
            if (at < 0) return false;
            rest = rest[(at + _parts[i].Length)..];
        }
        return rest.EndsWith(last, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
