namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// One condition of a rule: <c>field op value</c>. Text fields (paths, exe, labels, see
/// <see cref="AuditFieldNames.IsText"/>) carry <see cref="Text"/> and their byte length as <see cref="Value"/>;
/// <c>-C</c> comparisons are <see cref="AuditField.FieldCompare"/> with an AUDIT_COMPARE_* number as value.
/// </summary>
public sealed record AuditRuleField(AuditField Field, AuditOperator Operator, uint Value, string? Text = null)
{
    /// <summary>A text field; its value is the UTF-8 length of the text, as the kernel stores it.</summary>
    public static AuditRuleField FromText(AuditField field, AuditOperator op, string text) =>
        new(field, op, (uint)System.Text.Encoding.UTF8.GetByteCount(text), text);
}
