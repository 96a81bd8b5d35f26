using Recorder.Contracts.Events;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// One compiled condition on one field, such as <c>process.path begins_with /usr/</c>. A term on a common
/// field reads it directly; a term on a type-specific field reads the slot its filter resolved for the
/// event's schema.
/// </summary>
public sealed class FilterTerm
{
    private readonly CommonFieldReader? _common;
    private readonly ValueTest _test;

    internal FilterTerm(string field, FieldType type, string operatorName, bool negated, ValueTest test, string operandText, int line, int column)
    {
        Field = field;
        FieldType = type;
        OperatorName = operatorName;
        Negated = negated;
        OperandText = operandText;
        Line = line;
        Column = column;
        _test = test;
        _common = CommonFieldReader.TryGet(field, out var reader) ? reader : null;
    }

    /// <summary>The field name, such as <c>process.path</c>.</summary>
    public string Field { get; }
    /// <summary>The field's type, which decided how operands were parsed.</summary>
    public FieldType FieldType { get; }
    /// <summary>The operator as written (<c>is_not</c>, <c>begins_with</c>, ...).</summary>
    public string OperatorName { get; }
    /// <summary>True for the negated forms: the term passes when the positive form does not.</summary>
    public bool Negated { get; }
    /// <summary>The operand(s) as written, for display.</summary>
    public string OperandText { get; }
    /// <summary>Where the term's field is written (1-based).</summary>
    public int Line { get; }
    /// <summary>Where the term's field is written (1-based).</summary>
    public int Column { get; }
    /// <summary>True for a common field (<c>event.*</c>, <c>process.*</c>), present on every event type.</summary>
    public bool IsCommonField => _common is not null;

    /// <summary>
    /// Evaluates the term. <paramref name="slot"/> is the ordinal of a type-specific field in the event's
    /// schema (ignored for common fields). A missing value fails the positive form and passes the negated one.
    /// </summary>
    internal bool Matches(RecorderEvent e, int slot)
    {
        var positive = _common is not null
            ? _common.Test(e, _test)
            : e[slot] is { } value && _test.TestObject(value);
        return positive != Negated;
    }

    /// <summary>The reference evaluation by field name; null when the event's type lacks the field.</summary>
    internal bool? MatchesByName(RecorderEvent e)
    {
        if (!e.TryGetValue(Field, out var value)) return null;
        if (!IsCommonField && e.Schema[Field].Type != FieldType) return null;
        var positive = value is not null && _test.TestObject(value);
        return positive != Negated;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Field} {OperatorName} {OperandText}";
}
