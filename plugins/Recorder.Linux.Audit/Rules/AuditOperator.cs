namespace Recorder.Linux.Audit.Rules;

/// <summary>Comparison operators of <c>audit_rule_data.fieldflags</c> (linux/audit.h).</summary>
public enum AuditOperator : uint
{
    BitMask = 0x08000000,
    LessThan = 0x10000000,
    GreaterThan = 0x20000000,
    NotEqual = 0x30000000,
    Equal = 0x40000000,
    BitTest = BitMask | Equal,
    LessThanOrEqual = LessThan | Equal,
    GreaterThanOrEqual = GreaterThan | Equal,
}

/// <summary>The operators' auditctl spelling.</summary>
public static class AuditOperators
{
    /// <summary>All operator bits; a field's operator is <c>fieldflags &amp; Mask</c>.</summary>
    public const uint Mask = (uint)(AuditOperator.Equal | AuditOperator.NotEqual | AuditOperator.BitMask);

    /// <summary>The auditctl symbol, such as <c>!=</c> or <c>&amp;=</c>.</summary>
    public static string ToSymbol(AuditOperator op) => op switch
    {
        AuditOperator.Equal => "=",
        AuditOperator.NotEqual => "!=",
        AuditOperator.GreaterThan => ">",
        AuditOperator.GreaterThanOrEqual => ">=",
        AuditOperator.LessThan => "<",
        AuditOperator.LessThanOrEqual => "<=",
        AuditOperator.BitMask => "&",
        AuditOperator.BitTest => "&=",
        _ => "?",
    };

    // auditctl looks for two-character operators first, then one-character ones, each anywhere in "name<op>value".
    private static readonly (string Symbol, AuditOperator Op)[] SearchOrder =
    [
        ("!=", AuditOperator.NotEqual), (">=", AuditOperator.GreaterThanOrEqual), ("<=", AuditOperator.LessThanOrEqual),
        ("&=", AuditOperator.BitTest), ("=", AuditOperator.Equal), (">", AuditOperator.GreaterThan),
        ("<", AuditOperator.LessThan), ("&", AuditOperator.BitMask),
    ];

    /// <summary>Splits <c>name&lt;op&gt;value</c> the way auditctl does. False when no operator is present.</summary>
    public static bool TrySplit(string pair, out string name, out AuditOperator op, out string value)
    {
        foreach (var (symbol, candidate) in SearchOrder)
        {
            var at = pair.IndexOf(symbol, StringComparison.Ordinal);
            if (at < 0) continue;
            name = pair[..at];
            op = candidate;
            value = pair[(at + symbol.Length)..];
            return true;
        }
        name = value = "";
        op = default;
        return false;
    }
}
