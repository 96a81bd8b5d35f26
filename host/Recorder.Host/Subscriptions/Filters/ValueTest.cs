using System.Collections;
using System.Net;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// One operator with its parsed operand(s), for one field type. Typed overloads let common fields be tested
/// without boxing; <see cref="TestObject"/> serves type-specific fields, which events store boxed.
/// An overload a test does not support returns false (the compiler only pairs tests with matching fields).
/// </summary>
internal abstract class ValueTest
{
    public virtual bool Test(string value) => false;
    public virtual bool Test(long value) => false;
    public virtual bool Test(double value) => false;
    /// <summary>A UTC time.</summary>
    public virtual bool Test(DateTime value) => false;
    public virtual bool Test(Guid value) => false;
    public virtual bool Test(bool value) => false;

    /// <summary>Tests a stored value; a multi-valued one matches when any of its values does.</summary>
    public bool TestObject(object value) => value switch
    {
        string s => Test(s),
        long l => Test(l),
        int i => Test((long)i),
        uint u => Test((long)u),
        short s16 => Test((long)s16),
        ushort u16 => Test((long)u16),
        byte b => Test((long)b),
        double d => Test(d),
        float f => Test((double)f),
        DateTime t => Test(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
        DateTimeOffset o => Test(o.UtcDateTime),
        Guid g => Test(g),
        bool flag => Test(flag),
        IPAddress address => Test(address.ToString()),
        IEnumerable items => TestAny(items),
        _ => false,
    };

    private bool TestAny(IEnumerable items)
    {
        foreach (var item in items)
            if (item is not null && TestObject(item)) return true;
        return false;
    }
}

/// <summary><c>exists</c>: any non-null value passes; the term turns null into false before asking.</summary>
internal sealed class ExistsTest : ValueTest
{
    public static ExistsTest Instance { get; } = new();
    public override bool Test(string value) => true;
    public override bool Test(long value) => true;
    public override bool Test(double value) => true;
    public override bool Test(DateTime value) => true;
    public override bool Test(Guid value) => true;
    public override bool Test(bool value) => true;
}
