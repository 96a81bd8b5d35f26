using System.Text.RegularExpressions;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary><c>is</c> / <c>in</c> on text: one value compares directly, several go through a hash set.</summary>
internal sealed class TextEqualsTest : ValueTest
{
    private readonly string? _single;
    private readonly HashSet<string>? _set;
    private readonly StringComparison _comparison;

    public TextEqualsTest(IReadOnlyList<string> values, bool ignoreCase)
    {
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (values.Count == 1) _single = values[0];
        else _set = new HashSet<string>(values, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    }

    public override bool Test(string value) => _set?.Contains(value) ?? string.Equals(value, _single, _comparison);
}

/// <summary><c>contains</c>, <c>begins_with</c>, <c>ends_with</c>: passes when any of the values fits.</summary>
internal sealed class TextPartTest : ValueTest
{
    private readonly string[] _values;
    private readonly FilterOperator _operator;
    private readonly StringComparison _comparison;

    public TextPartTest(FilterOperator op, IReadOnlyList<string> values, bool ignoreCase)
    {
        _operator = op;
        _values = values.ToArray();
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public override bool Test(string value)
    {
        foreach (var part in _values)
        {
            var hit = _operator switch
            {
                FilterOperator.Contains => value.Contains(part, _comparison),
                FilterOperator.BeginsWith => value.StartsWith(part, _comparison),
                _ => value.EndsWith(part, _comparison),
            };
            if (hit) return true;
        }
        return false;
    }
}

/// <summary><c>regex</c>: compiled once; a match that runs past the timeout counts as no match.</summary>
internal sealed class RegexTest : ValueTest
{
    /// <summary>Long enough for any sane pattern, short enough that a pathological one cannot stall routing.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    private readonly Regex[] _patterns;

    public RegexTest(IReadOnlyList<Regex> patterns) => _patterns = patterns.ToArray();

    public override bool Test(string value)
    {
        foreach (var pattern in _patterns)
        {
            try
            {
                if (pattern.IsMatch(value)) return true;
            }
            catch (RegexMatchTimeoutException)
            {
                // Treated as "does not match": the event is neither lost nor allowed to stall the pipeline.
            }
        }
        return false;
    }

    /// <summary>Compiles a pattern the way every regex term is compiled.</summary>
    public static Regex Compile(string pattern, bool ignoreCase) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0), MatchTimeout);
}
