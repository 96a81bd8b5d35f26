using System.Globalization;

namespace Recorder.Sigma;

/// <summary>What a <see cref="SigmaValue"/> holds.</summary>
public enum SigmaValueKind : byte
{
    /// <summary>The field is present but has no value (matches <c>null</c> in a rule).</summary>
    Null,
    String,
    Integer,
    Double,
    Boolean,
    /// <summary>Several strings (e.g. a process's arguments): a rule value matches when it matches any of them.</summary>
    StringList,
}

/// <summary>
/// One field value of an event as the engine sees it: a string, a 64-bit integer, a double, a boolean, a list of
/// strings, or null. A readonly struct holding at most one reference, so an <see cref="ISigmaEventFields"/>
/// implementation can hand values over without allocating per event (strings and lists it already has).
/// </summary>
public readonly struct SigmaValue
{
    private readonly object? _reference;
    private readonly long _bits;

    private SigmaValue(SigmaValueKind kind, object? reference, long bits)
    {
        Kind = kind;
        _reference = reference;
        _bits = bits;
    }

    public SigmaValueKind Kind { get; }

    /// <summary>The null value: the field is present without a value.</summary>
    public static SigmaValue Null => default;

    public static SigmaValue FromString(string? value) => value is null ? default : new(SigmaValueKind.String, value, 0);
    public static SigmaValue FromInt64(long value) => new(SigmaValueKind.Integer, null, value);
    public static SigmaValue FromDouble(double value) => new(SigmaValueKind.Double, null, BitConverter.DoubleToInt64Bits(value));
    public static SigmaValue FromBoolean(bool value) => new(SigmaValueKind.Boolean, null, value ? 1 : 0);
    public static SigmaValue FromStrings(IReadOnlyList<string>? values) => values is null ? default : new(SigmaValueKind.StringList, values, 0);

    public static implicit operator SigmaValue(string? value) => FromString(value);
    public static implicit operator SigmaValue(long value) => FromInt64(value);
    public static implicit operator SigmaValue(int value) => FromInt64(value);
    public static implicit operator SigmaValue(double value) => FromDouble(value);
    public static implicit operator SigmaValue(bool value) => FromBoolean(value);

    public bool IsNull => Kind == SigmaValueKind.Null;

    /// <summary>The string of a <see cref="SigmaValueKind.String"/> value, else null.</summary>
    public string? AsString => Kind == SigmaValueKind.String ? (string)_reference! : null;
    public long AsInt64 => _bits;
    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);
    public bool AsBoolean => _bits != 0;
    /// <summary>The strings of a <see cref="SigmaValueKind.StringList"/> value, else null.</summary>
    public IReadOnlyList<string>? AsStrings => Kind == SigmaValueKind.StringList ? (IReadOnlyList<string>)_reference! : null;

    /// <summary>
    /// The value as text into <paramref name="buffer"/> (numbers in invariant culture, booleans as true/false), for
    /// scalar kinds; false for null and lists. A string is returned as itself, without copying.
    /// </summary>
    public bool TryGetText(Span<char> buffer, out ReadOnlySpan<char> text)
    {
        switch (Kind)
        {
            case SigmaValueKind.String:
                text = (string)_reference!;
                return true;
            case SigmaValueKind.Integer when _bits.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture):
                text = buffer[..written];
                return true;
            case SigmaValueKind.Double when AsDouble.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture):
                text = buffer[..written];
                return true;
            case SigmaValueKind.Boolean:
                text = _bits != 0 ? "true" : "false";
                return true;
            default:
                text = default;
                return false;
        }
    }

    public override string ToString() => Kind switch
    {
        SigmaValueKind.Null => "null",
        SigmaValueKind.String => AsString!,
        SigmaValueKind.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        SigmaValueKind.Double => AsDouble.ToString("R", CultureInfo.InvariantCulture),
        SigmaValueKind.Boolean => AsBoolean ? "true" : "false",
        _ => "[" + string.Join(", ", AsStrings!) + "]",
    };
}
