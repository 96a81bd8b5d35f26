namespace Recorder.Host.Subscriptions.Filters;

/// <summary>How an ordered value (number, time) is compared with the operand.</summary>
internal static class Ordering
{
    public static bool Holds(FilterOperator op, int comparison) => op switch
    {
        FilterOperator.LessThan => comparison < 0,
        FilterOperator.GreaterThan => comparison > 0,
        FilterOperator.LessOrEqual => comparison <= 0,
        FilterOperator.GreaterOrEqual => comparison >= 0,
        _ => comparison == 0,
    };
}

/// <summary><c>is</c> / <c>in</c> on integers.</summary>
internal sealed class Int64InTest(IReadOnlyList<long> values) : ValueTest
{
    private readonly long[] _values = values.ToArray();

    public override bool Test(long value) => Array.IndexOf(_values, value) >= 0;
    // A double stored in an integer field (a plugin's choice) still compares by value.
    public override bool Test(double value) => value % 1 == 0 && value is >= long.MinValue and <= long.MaxValue && Test((long)value);
}

/// <summary><c>less_than</c> and friends on integers.</summary>
internal sealed class Int64CompareTest(FilterOperator op, long bound) : ValueTest
{
    public override bool Test(long value) => Ordering.Holds(op, value.CompareTo(bound));
    public override bool Test(double value) => Ordering.Holds(op, value.CompareTo(bound));
}

/// <summary><c>is</c> / <c>in</c> on doubles.</summary>
internal sealed class DoubleInTest(IReadOnlyList<double> values) : ValueTest
{
    private readonly double[] _values = values.ToArray();

    public override bool Test(double value) => Array.IndexOf(_values, value) >= 0;
    public override bool Test(long value) => Test((double)value);
}

/// <summary><c>less_than</c> and friends on doubles.</summary>
internal sealed class DoubleCompareTest(FilterOperator op, double bound) : ValueTest
{
    public override bool Test(double value) => Ordering.Holds(op, value.CompareTo(bound));
    public override bool Test(long value) => Test((double)value);
}

/// <summary><c>is</c> / <c>in</c> on UTC times (to the tick).</summary>
internal sealed class TimestampInTest(IReadOnlyList<DateTime> values) : ValueTest
{
    private readonly long[] _ticks = values.Select(v => v.Ticks).ToArray();

    public override bool Test(DateTime value) => Array.IndexOf(_ticks, value.Ticks) >= 0;
}

/// <summary><c>less_than</c> (before) and <c>greater_than</c> (after) on UTC times.</summary>
internal sealed class TimestampCompareTest(FilterOperator op, DateTime bound) : ValueTest
{
    public override bool Test(DateTime value) => Ordering.Holds(op, value.Ticks.CompareTo(bound.Ticks));
}

/// <summary><c>is</c> / <c>in</c> on GUIDs.</summary>
internal sealed class GuidInTest(IReadOnlyList<Guid> values) : ValueTest
{
    private readonly Guid[] _values = values.ToArray();

    public override bool Test(Guid value) => Array.IndexOf(_values, value) >= 0;
    public override bool Test(string value) => Guid.TryParse(value, out var g) && Test(g);
}

/// <summary><c>is</c> on booleans.</summary>
internal sealed class BooleanIsTest(bool expected) : ValueTest
{
    public override bool Test(bool value) => value == expected;
}
