using Recorder.Sigma.Detection;

namespace Recorder.Sigma.Matching;

/// <summary>A literal that must occur in a field's text for (one branch of) a rule to match.</summary>
internal readonly record struct Anchor(string Field, string Literal);

/// <summary>
/// Finds, for a compiled rule, a set of anchors at least one of which occurs in every event the rule matches: the
/// rule's necessary condition, used to skip it for events without any. A rule without such a set (its condition
/// can match through <c>not</c>, keywords, regular expressions, numbers, ...) gets none and is always evaluated.
/// Where an <c>and</c> offers a choice, the most selective side is kept (longer literals, fewer of them).
/// </summary>
internal static class Anchors
{
    public static IReadOnlyList<Anchor>? Of(ConditionNode node) => node switch
    {
        SelectionNode selection => Of(selection.Body),
        AndNode and => Best(and.Children.Select(Of)),
        OrNode or => Union(or.Children.Select(Of)),
        FieldNode field => OfField(field),
        _ => null, // not, keywords: nothing is required
    };

    /// <summary>Any one value (or with <c>|all</c>, every value) matches: the literals of all (or the best one).</summary>
    private static IReadOnlyList<Anchor>? OfField(FieldNode field)
    {
        var perValue = field.Values.Select(value => value is StringValueMatcher text && LongestLiteral(text.Matcher.Pattern) is { Length: > 0 } literal
            ? (IReadOnlyList<Anchor>)[new Anchor(field.Field, literal)]
            : null);
        return field.All ? Best(perValue) : Union(perValue);
    }

    private static IReadOnlyList<Anchor>? Union(IEnumerable<IReadOnlyList<Anchor>?> alternatives)
    {
        var union = new List<Anchor>();
        foreach (var alternative in alternatives)
        {
            if (alternative is null) return null;
            union.AddRange(alternative);
        }
        return union.Distinct().ToList();
    }

    private static IReadOnlyList<Anchor>? Best(IEnumerable<IReadOnlyList<Anchor>?> required) =>
        required.Where(r => r is not null).MinBy(r => Cost(r!));

    /// <summary>
    /// How often the anchors would let an event through, roughly: short literals are common in any text, so each
    /// literal costs more the shorter it is.
    /// </summary>
    private static double Cost(IReadOnlyList<Anchor> anchors) => anchors.Sum(a => 1.0 / (a.Literal.Length * (double)a.Literal.Length));

    /// <summary>The longest run of literal characters in a pattern (between its wildcards).</summary>
    public static string LongestLiteral(string pattern)
    {
        var longest = "";
        foreach (var run in pattern.Split(SigmaPattern.AnyRun, SigmaPattern.AnyChar))
            if (run.Length > longest.Length) longest = run;
        return longest;
    }
}
