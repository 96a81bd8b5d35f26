using System.Globalization;

namespace Recorder.Sigma.Detection;

/// <summary>
/// A plain number in the rule (<c>EventID: 4688</c>): equal to a numeric event value, or to a string value that
/// parses as the same number, or failing that whose text equals the rule's text (case-insensitive).
/// </summary>
internal sealed class NumberValueMatcher(double number, string text) : ValueMatcher
{
    private static readonly Func<NumberValueMatcher, ReadOnlySpan<char>, bool> Test = static (m, candidate) =>
    {
        candidate = candidate.Trim();
        return double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed == m.Number
            : candidate.Equals(m.Text, StringComparison.OrdinalIgnoreCase);
    };

    public double Number { get; } = number;
    public string Text { get; } = text;

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) => present && value.Kind switch
    {
        SigmaValueKind.Integer => value.AsInt64 == Number,
        SigmaValueKind.Double => value.AsDouble == Number,
        SigmaValueKind.String or SigmaValueKind.StringList => AnyText(value, this, Test),
        _ => false,
    };

    public override string ToString() => Text;
}

/// <summary>A plain <c>true</c>/<c>false</c> in the rule: a boolean event value, or the text true/false.</summary>
internal sealed class BooleanValueMatcher(bool expected) : ValueMatcher
{
    private static readonly Func<bool, ReadOnlySpan<char>, bool> Test = static (expected, text) =>
        text.Trim().Equals(expected ? "true" : "false", StringComparison.OrdinalIgnoreCase);

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) => present && value.Kind switch
    {
        SigmaValueKind.Boolean => value.AsBoolean == expected,
        SigmaValueKind.String or SigmaValueKind.StringList => AnyText(value, expected, Test),
        _ => false,
    };

    public override string ToString() => expected ? "true" : "false";
}

/// <summary><c>null</c> in the rule: the field is absent, null, or empty.</summary>
internal sealed class NullValueMatcher : ValueMatcher
{
    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) =>
        !present || value.Kind switch
        {
            SigmaValueKind.Null => true,
            SigmaValueKind.String => value.AsString!.Length == 0,
            SigmaValueKind.StringList => value.AsStrings!.Count == 0,
            _ => false,
        };

    public override string ToString() => "null";
}

/// <summary><c>|exists: true/false</c>: whether the event has the field with a value.</summary>
internal sealed class ExistsValueMatcher(bool expected) : ValueMatcher
{
    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) =>
        (present && !value.IsNull) == expected;

    public override string ToString() => $"exists {expected}";
}

/// <summary><c>|lt</c>, <c>|lte</c>, <c>|gt</c>, <c>|gte</c>: a numeric event value (or a string that parses as one).</summary>
internal sealed class CompareValueMatcher(string comparison, double bound) : ValueMatcher
{
    private static readonly Func<CompareValueMatcher, ReadOnlySpan<char>, bool> Test = static (m, text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && m.Compare(parsed);

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) => present && value.Kind switch
    {
        SigmaValueKind.Integer => Compare(value.AsInt64),
        SigmaValueKind.Double => Compare(value.AsDouble),
        SigmaValueKind.String or SigmaValueKind.StringList => AnyText(value, this, Test),
        _ => false,
    };

    private bool Compare(double actual) => comparison switch
    {
        "lt" => actual < bound,
        "lte" => actual <= bound,
        "gt" => actual > bound,
        _ => actual >= bound,
    };

    public override string ToString() => $"{comparison} {bound}";
}
