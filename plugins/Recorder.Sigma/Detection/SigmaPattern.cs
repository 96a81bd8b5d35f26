using System.Text;

namespace Recorder.Sigma.Detection;

/// <summary>
/// A Sigma string value with its wildcards, as one string: literal characters as themselves, the wildcard <c>*</c>
/// as <see cref="AnyRun"/> and <c>?</c> as <see cref="AnyChar"/> (private-use characters no rule value contains).
/// Escapes follow the Sigma specification: <c>\*</c>, <c>\?</c> and <c>\\</c> are the literal characters, a backslash
/// before anything else is a literal backslash.
/// </summary>
internal static class SigmaPattern
{
    public const char AnyRun = '\uE000';
    public const char AnyChar = '\uE001';

    public static string Parse(string raw)
    {
        if (raw.IndexOfAny(['*', '?', '\\']) < 0) return raw;
        var pattern = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '*' or '?' or '\\')
            {
                pattern.Append(raw[++i]);
                continue;
            }
            pattern.Append(c switch { '*' => AnyRun, '?' => AnyChar, _ => c });
        }
        return pattern.ToString();
    }

    /// <summary>A literal value (no wildcards at all), e.g. after base64-encoding.</summary>
    public static string Literal(string text) => text;

    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny(AnyRun, AnyChar) >= 0;

    public static string Contains(string pattern) => StartsWith(EndsWith(pattern));
    public static string StartsWith(string pattern) => pattern.EndsWith(AnyRun) ? pattern : pattern + AnyRun;
    public static string EndsWith(string pattern) => pattern.StartsWith(AnyRun) ? pattern : AnyRun + pattern;

    /// <summary>The pattern written back in Sigma syntax, for messages.</summary>
    public static string Display(string pattern)
    {
        var text = new StringBuilder(pattern.Length);
        foreach (var c in pattern)
            text.Append(c switch { AnyRun => "*", AnyChar => "?", '*' => @"\*", '?' => @"\?", _ => c.ToString() });
        return text.ToString();
    }
}
