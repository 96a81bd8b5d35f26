namespace Recorder.Sigma.Detection;

/// <summary>
/// One <c>Field|modifiers: values</c> entry of a selection: any of the values matches the event's field, or every
/// value does with <c>|all</c>.
/// </summary>
internal sealed class FieldNode : ConditionNode
{
    // Without |all, a long list's plain values are looked up (FieldValueIndex) before the others are tried in turn.
    private readonly FieldValueIndex? _index;
    private readonly ValueMatcher[] _notIndexed;

    public FieldNode(string field, ValueMatcher[] values, bool all)
    {
        Field = field;
        Values = values;
        All = all;
        (_index, _notIndexed) = all ? (null, values) : FieldValueIndex.Of(values);
    }

    public string Field { get; }
    public ValueMatcher[] Values { get; }
    public bool All { get; }

    public override bool Evaluate(ISigmaEventFields fields)
    {
        var present = fields.TryGetValue(Field, out var value);
        if (_index is not null && value.AsString is { } text)
        {
            if (_index.Matches(text)) return true;
            foreach (var matcher in _notIndexed)
                if (matcher.Matches(present, value, fields)) return true;
            return false;
        }
        if (All)
        {
            foreach (var matcher in Values)
                if (!matcher.Matches(present, value, fields)) return false;
            return true;
        }
        foreach (var matcher in Values)
            if (matcher.Matches(present, value, fields)) return true;
        return false;
    }
}

/// <summary>
/// Keywords: values without a field name, searched in every value the event offers for keyword search
/// (<see cref="ISigmaEventFields.TryGetKeywordValue"/>). Any keyword found matches, or every one with <c>|all</c>.
/// </summary>
internal sealed class KeywordNode(ValueMatcher[] values, bool all) : ConditionNode
{
    public ValueMatcher[] Values { get; } = values;
    public bool All { get; } = all;

    public override bool Evaluate(ISigmaEventFields fields)
    {
        foreach (var matcher in Values)
        {
            var found = Found(matcher, fields);
            if (All && !found) return false;
            if (!All && found) return true;
        }
        return All;
    }

    private static bool Found(ValueMatcher matcher, ISigmaEventFields fields)
    {
        for (var i = 0; fields.TryGetKeywordValue(i, out var value); i++)
            if (matcher.Matches(true, value, fields)) return true;
        return false;
    }
}
