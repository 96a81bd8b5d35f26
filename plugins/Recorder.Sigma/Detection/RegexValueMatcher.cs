using System.Text.RegularExpressions;

namespace Recorder.Sigma.Detection;

/// <summary>
/// <c>|re</c>: a regular expression, case-sensitive unless <c>|i</c> (Sigma's rule; <c>|m</c> multi-line, <c>|s</c>
/// dot matches newline). Uses the non-backtracking engine (linear time, no catastrophic patterns) when the pattern
/// allows it; patterns with backreferences or lookarounds fall back to the backtracking engine with a time limit,
/// and a timeout counts as no match.
/// </summary>
internal sealed class RegexValueMatcher : ValueMatcher
{
    private static readonly TimeSpan BacktrackingLimit = TimeSpan.FromMilliseconds(100);
    private static readonly Func<Regex, ReadOnlySpan<char>, bool> Test = static (regex, text) =>
    {
        try { return regex.IsMatch(text); }
        catch (RegexMatchTimeoutException) { return false; }
    };

    public RegexValueMatcher(string pattern, RegexOptions flags)
    {
        Pattern = pattern;
        var dotnetPattern = PythonToDotnet(pattern);
        var options = flags | RegexOptions.CultureInvariant;
        try
        {
            Regex = new Regex(dotnetPattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            Regex = new Regex(dotnetPattern, options, BacktrackingLimit);
        }
    }

    public string Pattern { get; }
    public Regex Regex { get; }

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) =>
        present && (value.AsString is { } text ? Test(Regex, text) : AnyText(value, Regex, Test));

    /// <summary>Python's named groups <c>(?P&lt;name&gt;…)</c> and <c>(?P=name)</c>, which .NET spells differently.</summary>
    private static string PythonToDotnet(string pattern) =>
        pattern.Contains("(?P") ? Regex.Replace(pattern.Replace("(?P<", "(?<"), @"\(\?P=(\w+)\)", @"\k<$1>") : pattern;

    public override string ToString() => "/" + Pattern + "/";
}
