namespace Recorder.Host.Subscriptions.Filters;

/// <summary>What a filter term checks. Every operator has a negated form (<c>is_not</c>, <c>not_in</c>, ...).</summary>
public enum FilterOperator
{
    /// <summary>Equal to the value (or to one of a list of values).</summary>
    Is,
    /// <summary>Equal to one of a list of values; for IP addresses, inside one of a list of CIDR ranges.</summary>
    In,
    /// <summary>Text contains the value.</summary>
    Contains,
    /// <summary>Text begins with the value.</summary>
    BeginsWith,
    /// <summary>Text ends with the value.</summary>
    EndsWith,
    /// <summary>Text matches the .NET regular expression.</summary>
    Regex,
    /// <summary>Number or time is less than the value.</summary>
    LessThan,
    /// <summary>Number or time is greater than the value.</summary>
    GreaterThan,
    /// <summary>Number or time is less than or equal to the value.</summary>
    LessOrEqual,
    /// <summary>Number or time is greater than or equal to the value.</summary>
    GreaterOrEqual,
    /// <summary>The field has a value (<c>exists: true</c>) or not (<c>exists: false</c>).</summary>
    Exists,
}

/// <summary>The names operators have in YAML, and their negated forms.</summary>
public static class FilterOperators
{
    private static readonly Dictionary<string, (FilterOperator Operator, bool Negated)> ByName = new(StringComparer.Ordinal)
    {
        ["is"] = (FilterOperator.Is, false),
        ["is_not"] = (FilterOperator.Is, true),
        ["in"] = (FilterOperator.In, false),
        ["not_in"] = (FilterOperator.In, true),
        ["contains"] = (FilterOperator.Contains, false),
        ["not_contains"] = (FilterOperator.Contains, true),
        ["begins_with"] = (FilterOperator.BeginsWith, false),
        ["not_begins_with"] = (FilterOperator.BeginsWith, true),
        ["ends_with"] = (FilterOperator.EndsWith, false),
        ["not_ends_with"] = (FilterOperator.EndsWith, true),
        ["regex"] = (FilterOperator.Regex, false),
        ["not_regex"] = (FilterOperator.Regex, true),
        ["less_than"] = (FilterOperator.LessThan, false),
        ["greater_than"] = (FilterOperator.GreaterThan, false),
        ["less_or_equal"] = (FilterOperator.LessOrEqual, false),
        ["greater_or_equal"] = (FilterOperator.GreaterOrEqual, false),
        ["exists"] = (FilterOperator.Exists, false),
    };

    /// <summary>Every operator name a term may use, for error messages and documentation.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>Finds an operator by its YAML name; <paramref name="negated"/> is true for the <c>not</c> forms.</summary>
    public static bool TryParse(string name, out FilterOperator op, out bool negated)
    {
        if (ByName.TryGetValue(name, out var entry))
        {
            (op, negated) = entry;
            return true;
        }
        (op, negated) = (default, false);
        return false;
    }
}
