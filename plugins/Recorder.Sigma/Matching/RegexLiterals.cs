using System.Text;

namespace Recorder.Sigma.Matching;

/// <summary>
/// A literal that every match of a regular expression contains, found conservatively: the longest run of plain
/// characters outside groups, classes and quantified atoms, in each top-level alternative (all of them must have
/// one). Empty when there is none or the pattern is out of reach of this reading (<c>(?x)</c>, where spaces are
/// ignored).
/// </summary>
internal static class RegexLiterals
{
    public static IReadOnlyList<string> Required(string pattern)
    {
        if (HasExtendedOption(pattern)) return [];
        var literals = new List<string>();
        foreach (var alternative in TopLevelAlternatives(pattern))
        {
            var literal = LongestRun(alternative);
            if (literal.Length == 0) return [];
            literals.Add(literal);
        }
        return literals;
    }

    private static bool HasExtendedOption(string pattern)
    {
        for (var at = pattern.IndexOf("(?", StringComparison.Ordinal); at >= 0; at = pattern.IndexOf("(?", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2;
            while (end < pattern.Length && char.IsAsciiLetter(pattern[end]) || end < pattern.Length && pattern[end] == '-') end++;
            if (pattern.AsSpan(at + 2, end - at - 2).Contains('x')) return true;
        }
        return false;
    }

    private static List<string> TopLevelAlternatives(string pattern)
    {
        var alternatives = new List<string>();
        var depth = 0;
        var inClass = false;
        var start = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\': i++; break;
                case '[' when !inClass: inClass = true; break;
                case ']' when inClass: inClass = false; break;
                case '(' when !inClass: depth++; break;
                case ')' when !inClass: depth--; break;
                case '|' when !inClass && depth == 0:
                    alternatives.Add(pattern[start..i]);
                    start = i + 1;
                    break;
            }
        }
        alternatives.Add(pattern[start..]);
        return alternatives;
    }

    private static string LongestRun(string pattern)
    {
        var longest = "";
        var run = new StringBuilder();
        void EndRun()
        {
            if (run.Length > longest.Length) longest = run.ToString();
            run.Clear();
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            char? literal = null;
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                    var escaped = pattern[++i];
                    if (!char.IsAsciiLetterOrDigit(escaped) && escaped < 128) literal = escaped;
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    break;
                case '(':
                    i = SkipGroup(pattern, i);
                    break;
                case '*' or '+' or '?' or '{':
                    // A quantifier: the atom before it may be absent or repeated, so it is not part of the run.
                    if (run.Length > 0) run.Length--;
                    if (c == '{') i = Math.Max(i, pattern.IndexOf('}', i));
                    break;
                case '.' or '^' or '$' or '|' or ')':
                    break;
                default:
                    literal = c;
                    break;
            }
            if (literal is { } character)
            {
                run.Append(character);
                continue;
            }
            EndRun();
        }
        EndRun();
        return longest;
    }

    private static int SkipClass(string pattern, int at)
    {
        var i = at + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') i++;
            else if (pattern[i] == ']') return i;
        }
        return pattern.Length;
    }

    private static int SkipGroup(string pattern, int at)
    {
        var depth = 0;
        for (var i = at; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\': i++; break;
                case '[': i = SkipClass(pattern, i); break;
                case '(': depth++; break;
                case ')' when --depth == 0: return i;
            }
        }
        return pattern.Length;
    }
}
