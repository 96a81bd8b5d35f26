namespace Recorder.Sigma.Detection;

/// <summary>
/// <c>|fieldref</c>: the field's value equals (or, with <c>contains</c>/<c>startswith</c>/<c>endswith</c>, contains
/// etc.) the value of another field of the same event. Case-insensitive unless <c>cased</c>.
/// </summary>
internal sealed class FieldRefValueMatcher(string otherField, FieldRefValueMatcher.Mode mode, bool cased) : ValueMatcher
{
    public enum Mode { Equals, Contains, StartsWith, EndsWith }

    public string OtherField { get; } = otherField;

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields)
    {
        if (!present || !fields.TryGetValue(OtherField, out var other)) return false;
        Span<char> thisBuffer = stackalloc char[32];
        Span<char> otherBuffer = stackalloc char[32];
        if (!value.TryGetText(thisBuffer, out var text) || !other.TryGetText(otherBuffer, out var reference)) return false;
        var comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return mode switch
        {
            Mode.Equals => text.Equals(reference, comparison),
            Mode.Contains => text.Contains(reference, comparison),
            Mode.StartsWith => text.StartsWith(reference, comparison),
            _ => text.EndsWith(reference, comparison),
        };
    }

    public override string ToString() => $"fieldref {OtherField}";
}
