namespace Recorder.Sigma.Detection;

/// <summary>
/// One value of a rule's field (after its modifiers), tested against the event's value of that field.
/// <paramref name="present"/> is false when the event has no such field (only <c>null</c> and <c>exists</c> care).
/// </summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields);

    /// <summary>
    /// Runs <paramref name="test"/> over the value as text: a string as itself, a number or boolean formatted on the
    /// stack, each string of a list (true when any is); null has no text.
    /// </summary>
    protected static bool AnyText<TState>(in SigmaValue value, TState state, Func<TState, ReadOnlySpan<char>, bool> test)
    {
        if (value.Kind == SigmaValueKind.StringList)
        {
            foreach (var item in value.AsStrings!)
                if (test(state, item)) return true;
            return false;
        }
        Span<char> buffer = stackalloc char[32];
        return value.TryGetText(buffer, out var text) && test(state, text);
    }
}

/// <summary>A string value with wildcards (plain, <c>contains</c>, <c>startswith</c>, <c>endswith</c>, encodings).</summary>
internal sealed class StringValueMatcher(StringMatcher matcher) : ValueMatcher
{
    private static readonly Func<StringMatcher, ReadOnlySpan<char>, bool> Test = static (m, text) => m.IsMatch(text);

    public StringMatcher Matcher { get; } = matcher;

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) =>
        present && (value.AsString is { } text ? Matcher.IsMatch(text) : AnyText(value, Matcher, Test));

    public override string ToString() => SigmaPattern.Display(Matcher.Pattern);
}
