using Recorder.Sigma.Detection;

namespace Recorder.Sigma.Matching;

/// <summary>
/// A literal that must occur in a field's text for (one branch of) a rule to match; for a keyword selection the field
/// is <see cref="Anchors.KeywordField"/>: the literal must occur in one of the event's keyword values.
/// </summary>
internal readonly record struct Anchor(string Field, string Literal);

/// <summary>
/// Finds a rule's necessary condition over literals, as groups of anchors: every event the rule matches contains at
/// least one anchor of every group (a conjunction of disjunctions). A rule like
/// <c>Image|endswith: \powershell.exe and CommandLine|contains: [-enc, -e ]</c> gets two groups, so the index lets
/// through only PowerShell starts that also carry one of those options. A keyword selection (<c>'\perfc.dat'</c>,
/// searched in every keyword value of the event) anchors on <see cref="KeywordField"/>. Parts of a condition that can
/// match without any literal (<c>not</c>, numbers, regular expressions without a plain run of characters, ...) add no
/// group; a rule without any group is evaluated for every event.
/// </summary>
internal static class Anchors
{
    /// <summary>At most this many groups per rule (the index keeps one bit per group).</summary>
    public const int MaxGroups = 8;

    /// <summary>
    /// The pseudo-field of keyword anchors: not a Sigma field name (it holds a character no field name has), indexed
    /// over <see cref="ISigmaEventFields.TryGetKeywordValue"/>.
    /// </summary>
    public const string KeywordField = "\0keywords";

    public static IReadOnlyList<IReadOnlyList<Anchor>> Of(SigmaRule rule) =>
        Groups(rule.Detection.Root).OrderBy(Cost).Take(MaxGroups).ToList();

    private static List<IReadOnlyList<Anchor>> Groups(ConditionNode node) => node switch
    {
        SelectionNode selection => Groups(selection.Body),
        AndNode and => and.Children.SelectMany(Groups).ToList(),
        OrNode or => OfAlternatives(or.Children.Select(Groups)),
        FieldNode field => OfValues(field.Field, field.Values, field.All),
        KeywordNode keywords => OfValues(KeywordField, keywords.Values, keywords.All),
        _ => [], // not: nothing is required
    };

    /// <summary>Any one value matches (a group of their literals), or with <c>|all</c> every value does (a group each).</summary>
    private static List<IReadOnlyList<Anchor>> OfValues(string field, IEnumerable<ValueMatcher> values, bool all)
    {
        var perValue = values.Select(value => Literals(value) is { Count: > 0 } literals
            ? new List<IReadOnlyList<Anchor>> { literals.Select(literal => new Anchor(field, literal)).ToList() }
            : []).ToList();
        return all ? perValue.SelectMany(groups => groups).ToList() : OfAlternatives(perValue);
    }

    /// <summary>
    /// Groups for "any of these alternatives": each union of one group of every alternative is necessary (whichever
    /// alternative matches satisfies its part), so several such unions can be required together. None when an
    /// alternative has no group.
    /// </summary>
    private static List<IReadOnlyList<Anchor>> OfAlternatives(IEnumerable<List<IReadOnlyList<Anchor>>> alternatives)
    {
        var all = alternatives.ToList();
        if (all.Any(alternative => alternative.Count == 0)) return [];
        if (all.All(alternative => alternative.Count == 1)) // the usual case, e.g. a list of values: one union
            return [all.SelectMany(alternative => alternative[0]).Distinct().ToList()];
        List<IReadOnlyList<Anchor>> combined = [[]];
        foreach (var alternative in all)
        {
            if (alternative.Count == 0) return [];
            combined = combined
                .SelectMany(group => alternative.OrderBy(Cost).Take(MaxGroups).Select(part => (IReadOnlyList<Anchor>)group.Union(part).ToList()))
                .OrderBy(Cost).Take(MaxGroups).ToList();
        }
        return combined;
    }

    /// <summary>
    /// How often a group would let an event through, roughly: short literals are common in any text, so each
    /// literal costs more the shorter it is.
    /// </summary>
    private static double Cost(IReadOnlyList<Anchor> group) => group.Sum(a => 1.0 / (a.Literal.Length * (double)a.Literal.Length));

    /// <summary>Literals one of which the text of any value the matcher accepts contains; empty when none is known.</summary>
    private static IReadOnlyList<string> Literals(ValueMatcher value) => value switch
    {
        StringValueMatcher text when LongestLiteral(text.Matcher.Pattern) is { Length: > 0 } literal => [literal],
        RegexValueMatcher regex => RegexLiterals.Required(regex.Pattern),
        _ => [],
    };

    /// <summary>The longest run of literal characters in a pattern (between its wildcards).</summary>
    public static string LongestLiteral(string pattern)
    {
        var longest = "";
        foreach (var run in pattern.Split(SigmaPattern.AnyRun, SigmaPattern.AnyChar))
            if (run.Length > longest.Length) longest = run;
        return longest;
    }
}
