using System.Buffers.Binary;
using System.Text;

namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Converts rules to and from the kernel's <c>struct audit_rule_data</c>, the payload of AUDIT_ADD_RULE,
/// AUDIT_DEL_RULE and AUDIT_LIST_RULES: flags, action, field_count, mask[64], fields[64], values[64],
/// fieldflags[64], buflen (all u32, host byte order) followed by the text values back to back.
/// </summary>
public static class AuditRuleEncoder
{
    /// <summary>Size of the fixed part of <c>audit_rule_data</c>.</summary>
    public const int HeaderSize = 1040;

    /// <summary>Most conditions a rule can hold (AUDIT_MAX_FIELDS).</summary>
    public const int MaxFields = 64;

    private const int FlagsOffset = 0;
    private const int ActionOffset = 4;
    private const int FieldCountOffset = 8;
    private const int MaskOffset = 12;
    private const int FieldsOffset = MaskOffset + SyscallMask.WordCount * 4;
    private const int ValuesOffset = FieldsOffset + MaxFields * 4;
    private const int FieldFlagsOffset = ValuesOffset + MaxFields * 4;
    private const int BufLenOffset = FieldFlagsOffset + MaxFields * 4;

    /// <summary>The rule as the kernel's binary, exactly as auditctl builds it.</summary>
    public static byte[] Encode(AuditRule rule)
    {
        var bytes = new byte[GetEncodedLength(rule)];
        EncodeTo(rule, bytes);
        return bytes;
    }

    /// <summary>
    /// Bytes <see cref="EncodeTo"/> writes for this rule: the header and the text values, as auditctl sizes it
    /// (netlink pads the message to 4 bytes; that padding is not part of the rule).
    /// </summary>
    public static int GetEncodedLength(AuditRule rule)
    {
        var length = HeaderSize;
        foreach (var field in rule.Fields)
            if (field.Text is not null) length += Encoding.UTF8.GetByteCount(field.Text);
        if (rule.JoinedKey is { } key) length += Encoding.UTF8.GetByteCount(key);
        return length;
    }

    /// <summary>Writes the binary into <paramref name="destination"/> (at least <see cref="GetEncodedLength"/> bytes); returns the length.</summary>
    public static int EncodeTo(AuditRule rule, Span<byte> destination)
    {
        var length = GetEncodedLength(rule);
        var fieldCount = rule.Fields.Count + (rule.Keys.Count > 0 ? 1 : 0);
        if (fieldCount > MaxFields)
            throw new ArgumentException($"a rule holds at most {MaxFields} conditions including the key; this one has {fieldCount}", nameof(rule));
        if (destination.Length < length) throw new ArgumentException("destination too small", nameof(destination));

        var target = destination[..length];
        target.Clear();
        var flags = (uint)rule.List | (rule.Command == AuditRuleCommand.Prepend ? AuditRuleNames.PrependFlag : 0);
        WriteU32(target, FlagsOffset, flags);
        WriteU32(target, ActionOffset, (uint)rule.Action);
        WriteU32(target, FieldCountOffset, (uint)fieldCount);
        var words = rule.Syscalls.Words;
        for (var i = 0; i < words.Length; i++) WriteU32(target, MaskOffset + i * 4, words[i]);

        var bufferLength = 0;
        for (var i = 0; i < rule.Fields.Count; i++)
        {
            var field = rule.Fields[i];
            var value = field.Value;
            if (field.Text is not null)
            {
                value = (uint)Encoding.UTF8.GetBytes(field.Text, target[(HeaderSize + bufferLength)..]);
                bufferLength += (int)value;
            }
            WriteField(target, i, field.Field, field.Operator, value);
        }
        if (rule.JoinedKey is { } key)
        {
            var written = Encoding.UTF8.GetBytes(key, target[(HeaderSize + bufferLength)..]);
            bufferLength += written;
            WriteField(target, rule.Fields.Count, AuditField.FilterKey, AuditOperator.Equal, (uint)written);
        }
        WriteU32(target, BufLenOffset, (uint)bufferLength);
        return length;
    }

    /// <summary>Reads a rule from the kernel's binary (as AUDIT_LIST_RULES returns it).</summary>
    /// <exception cref="FormatException">The data is shorter than its header or its buffer says.</exception>
    public static AuditRule Decode(ReadOnlySpan<byte> auditRuleData)
    {
        if (auditRuleData.Length < HeaderSize)
            throw new FormatException($"audit_rule_data is {auditRuleData.Length} bytes, shorter than its {HeaderSize}-byte header");
        var flags = ReadU32(auditRuleData, FlagsOffset);
        var action = (AuditRuleAction)ReadU32(auditRuleData, ActionOffset);
        var fieldCount = (int)ReadU32(auditRuleData, FieldCountOffset);
        if (fieldCount > MaxFields) throw new FormatException($"audit_rule_data claims {fieldCount} fields, at most {MaxFields} exist");
        var bufferLength = (int)ReadU32(auditRuleData, BufLenOffset);
        if (auditRuleData.Length < HeaderSize + bufferLength)
            throw new FormatException($"audit_rule_data buffer of {bufferLength} bytes is cut short at {auditRuleData.Length - HeaderSize}");

        Span<uint> words = stackalloc uint[SyscallMask.WordCount];
        for (var i = 0; i < words.Length; i++) words[i] = ReadU32(auditRuleData, MaskOffset + i * 4);

        var buffer = auditRuleData.Slice(HeaderSize, bufferLength);
        var offset = 0;
        var fields = new List<AuditRuleField>(fieldCount);
        var keys = new List<string>();
        for (var i = 0; i < fieldCount; i++)
        {
            var rawField = ReadU32(auditRuleData, FieldsOffset + i * 4);
            var rawOperator = ReadU32(auditRuleData, FieldFlagsOffset + i * 4) & AuditOperators.Mask;
            // Very old kernels carried the operator in the field word itself.
            if (rawOperator == 0) rawOperator = rawField & AuditOperators.Mask;
            var field = (AuditField)(rawField & ~AuditOperators.Mask);
            var op = (AuditOperator)rawOperator;
            var value = ReadU32(auditRuleData, ValuesOffset + i * 4);
            if (!AuditFieldNames.IsText(field))
            {
                fields.Add(new AuditRuleField(field, op, value));
                continue;
            }
            if (offset + value > (uint)buffer.Length)
                throw new FormatException($"field {i} ({field}) claims {value} bytes beyond the {buffer.Length}-byte buffer");
            var text = Encoding.UTF8.GetString(buffer.Slice(offset, (int)value));
            offset += (int)value;
            if (field == AuditField.FilterKey) keys.AddRange(text.Split('\u0001'));
            else fields.Add(new AuditRuleField(field, op, value, text));
        }

        var rule = new AuditRule(
            (flags & AuditRuleNames.PrependFlag) != 0 ? AuditRuleCommand.Prepend : AuditRuleCommand.Append,
            (AuditFilterList)(flags & AuditRuleNames.ListMask),
            action,
            new SyscallMask(words),
            fields,
            keys);
        return new AuditRule(rule.Command, rule.List, rule.Action, rule.Syscalls, fields, keys, AuditRuleFormatter.LooksLikeWatch(rule));
    }

    private static void WriteField(Span<byte> target, int index, AuditField field, AuditOperator op, uint value)
    {
        WriteU32(target, FieldsOffset + index * 4, (uint)field);
        WriteU32(target, ValuesOffset + index * 4, value);
        WriteU32(target, FieldFlagsOffset + index * 4, (uint)op);
    }

    // The kernel reads the struct in host byte order; every machine this runs on is little-endian.
    private static void WriteU32(Span<byte> target, int offset, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(target[offset..], value);

    private static uint ReadU32(ReadOnlySpan<byte> source, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(source[offset..]);
}
