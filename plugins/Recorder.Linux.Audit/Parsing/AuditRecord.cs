using System.Text;

namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// One parsed audit record: its type, timestamp, serial and the offsets of its fields in a private copy of the
/// text. Reused through <see cref="AuditRecordPool"/>: the parser fills it, the assembler keeps it until its event
/// completes, then it goes back to the pool. Strings are made only when a caller asks for a field's text.
/// </summary>
public sealed class AuditRecord
{
    private const int MaxRetainedBufferBytes = 64 * 1024;
    private const int MaxRetainedFields = 1024;

    private byte[] _buffer = new byte[512];
    private int _length;
    private AuditRecordField[] _fields = new AuditRecordField[32];
    private int _fieldCount;

    /// <summary>Numeric record type (1300 = SYSCALL).</summary>
    public int Type { get; internal set; }

    /// <summary>Name of the type, as auditd writes it.</summary>
    public string TypeName => AuditRecordTypeNames.GetName(Type);

    /// <summary>Event time, milliseconds since the Unix epoch, from <c>audit(SECONDS.MILLIS:SERIAL)</c>.</summary>
    public long UnixTimeMilliseconds { get; internal set; }

    /// <summary>Event time as UTC.</summary>
    public DateTime Time => DateTime.UnixEpoch.AddMilliseconds(UnixTimeMilliseconds);

    /// <summary>Serial number shared by the records of one event (per boot, wraps at 2^32).</summary>
    public uint Serial { get; internal set; }

    /// <summary>Decoded values shared with the other records of the pool (set by <see cref="AuditRecordPool"/>).</summary>
    internal AuditTextCache? TextCache { get; set; }

    /// <summary>Line number in the source, when read from a file (1-based); 0 otherwise.</summary>
    public long LineNumber { get; set; }

    /// <summary>The fields, in order (nested <c>msg='...'</c> fields flattened, ENRICHED ones flagged).</summary>
    public int FieldCount => _fieldCount;

    /// <summary>The text of the record body (after the <c>audit(...):</c> header), for diagnostics.</summary>
    public ReadOnlySpan<byte> Body => _buffer.AsSpan(BodyStart, BodyLength);

    /// <summary>The <c>node=</c> prefix, when the log carries one.</summary>
    public ReadOnlySpan<byte> Node => _buffer.AsSpan(NodeStart, NodeLength);

    internal int BodyStart { get; set; }
    internal int BodyLength { get; set; }
    internal int NodeStart { get; set; }
    internal int NodeLength { get; set; }

    /// <summary>The field at <paramref name="index"/>.</summary>
    public AuditRecordField this[int index] => _fields[index];

    /// <summary>The name of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> NameAt(int index)
    {
        ref readonly var f = ref _fields[index];
        return _buffer.AsSpan(f.NameStart, f.NameLength);
    }

    /// <summary>The value of field <paramref name="index"/> as written (quotes removed, not decoded).</summary>
    public ReadOnlySpan<byte> RawValueAt(int index)
    {
        ref readonly var f = ref _fields[index];
        return _buffer.AsSpan(f.ValueStart, f.ValueLength);
    }

    /// <summary>
    /// The index of the first field called <paramref name="name"/>, or -1. Only fields of the raw part match
    /// unless <paramref name="enriched"/> is true, in which case only translated (ENRICHED) fields match.
    /// </summary>
    public int IndexOf(ReadOnlySpan<byte> name, bool enriched = false)
    {
        var fields = _fields;
        var buffer = _buffer;
        for (var i = 0; i < _fieldCount; i++)
        {
            ref readonly var f = ref fields[i];
            if (f.NameLength == name.Length && f.IsEnriched == enriched &&
                buffer.AsSpan(f.NameStart, f.NameLength).SequenceEqual(name))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>True when the record has the field.</summary>
    public bool Has(ReadOnlySpan<byte> name) => IndexOf(name) >= 0;

    /// <summary>The raw value of a field (quotes removed, not decoded).</summary>
    public bool TryGetRaw(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var i = IndexOf(name);
        if (i < 0) { value = default; return false; }
        value = RawValueAt(i);
        return true;
    }

    /// <summary>
    /// The text of a field: quotes removed, hex decoded for untrusted-string fields, null when absent or one of
    /// the "unknown" markers (<c>(null)</c>, <c>?</c>, <c>(none)</c>).
    /// </summary>
    public string? GetText(ReadOnlySpan<byte> name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : GetTextAt(i);
    }

    /// <summary>The decoded text of field <paramref name="index"/> (see <see cref="GetText"/>).</summary>
    public string? GetTextAt(int index)
    {
        ref readonly var f = ref _fields[index];
        var value = _buffer.AsSpan(f.ValueStart, f.ValueLength);
        var name = _buffer.AsSpan(f.NameStart, f.NameLength);
        // a0..a3 of a SYSCALL are hex numbers, not encoded text: argument names are text only in EXECVE.
        var encodable = !f.IsEnriched && AuditValueDecoder.IsEncodableName(name) &&
                        (Type == AuditRecordType.Execve || !AuditValueDecoder.IsExecveArgumentName(name));
        var quoted = f.IsQuoted || (f.Flags & AuditRecordFieldFlags.SingleQuoted) != 0;
        return TextCache is { } cache ? cache.Decode(value, quoted, encodable) : AuditValueDecoder.DecodeText(value, quoted, encodable);
    }

    /// <summary>The text of a translated (ENRICHED) field such as <c>UID</c>, or null.</summary>
    public string? GetEnrichedText(ReadOnlySpan<byte> name)
    {
        var i = IndexOf(name, enriched: true);
        return i < 0 ? null : GetTextAt(i);
    }

    /// <summary>A decimal field (<c>pid</c>, <c>exit</c>, <c>uid</c>). False when absent or not a number.</summary>
    public bool TryGetInt64(ReadOnlySpan<byte> name, out long value)
    {
        value = 0;
        var i = IndexOf(name);
        return i >= 0 && AuditNumber.TryParseDecimal(RawValueAt(i), out value);
    }

    /// <summary>A hexadecimal field (<c>a0</c>..<c>a3</c>, <c>arch</c>). False when absent or not hex.</summary>
    public bool TryGetHex(ReadOnlySpan<byte> name, out ulong value)
    {
        value = 0;
        var i = IndexOf(name);
        return i >= 0 && AuditNumber.TryParseHex(RawValueAt(i), out value);
    }

    /// <summary>True when the field exists and its raw value equals <paramref name="expected"/>.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        TryGetRaw(name, out var value) && value.SequenceEqual(expected);

    /// <summary>The record as text, for messages and debugging (allocates).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("type=").Append(TypeName).Append(" serial=").Append(Serial);
        for (var i = 0; i < _fieldCount; i++)
        {
            sb.Append(' ').Append(Encoding.UTF8.GetString(NameAt(i))).Append('=').Append(Encoding.UTF8.GetString(RawValueAt(i)));
        }
        return sb.ToString();
    }

    // ---- filled by the parser ----

    internal void Reset()
    {
        // A pooled record keeps its buffers, except outsized ones (a pathological line must not pin memory).
        if (_buffer.Length > MaxRetainedBufferBytes) _buffer = new byte[512];
        if (_fields.Length > MaxRetainedFields) _fields = new AuditRecordField[32];
        _length = 0;
        _fieldCount = 0;
        Type = 0;
        Serial = 0;
        UnixTimeMilliseconds = 0;
        LineNumber = 0;
        BodyStart = BodyLength = NodeStart = NodeLength = 0;
    }

    /// <summary>Copies the text into the record's own buffer (reserving room for synthetic values) and returns it.</summary>
    internal Span<byte> Load(ReadOnlySpan<byte> text, int reserve)
    {
        var needed = text.Length + reserve;
        if (_buffer.Length < needed) _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
        text.CopyTo(_buffer);
        _length = text.Length;
        return _buffer.AsSpan(0, text.Length);
    }

    /// <summary>Appends bytes after the text (for synthetic values) and returns their offset.</summary>
    internal int AppendSynthetic(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length < _length + bytes.Length) Array.Resize(ref _buffer, Math.Max(_length + bytes.Length, _buffer.Length * 2));
        var start = _length;
        bytes.CopyTo(_buffer.AsSpan(start));
        _length += bytes.Length;
        return start;
    }

    internal void AddField(in AuditRecordField field)
    {
        if (_fieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[_fieldCount++] = field;
    }
}
