using System.Buffers;

namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// Parses audit record text into an <see cref="AuditRecord"/>. One parser for every source: netlink gives the type
/// as a number and the body <c>audit(1700000000.123:456): key=value ...</c>; auditd's plugin stream and audit.log
/// give whole lines <c>[node=N ]type=SYSCALL msg=audit(...): ...</c>, RAW or ENRICHED (translated fields after a
/// 0x1D byte). Fields are recorded as offsets into the record's copy of the text; nothing is decoded here.
/// </summary>
/// <remarks>
/// Field syntax follows auparse: words without <c>=</c> are skipped (<c>avc:</c>, <c>PAM:</c>, <c>user</c>), the
/// user-space <c>msg='...'</c> payload is flattened into the record's fields, a leading <c>(</c> and a trailing
/// <c>,</c> or <c>)</c> around old-style PAM fields are dropped, and SELinux AVC text gives <c>seresult</c> and
/// <c>seperms</c>. Stateless and thread-safe.
/// </remarks>
public sealed class AuditRecordParser
{
    private const byte GroupSeparator = 0x1D; // starts the ENRICHED part
    private const int SyntheticReserve = 64;

    private static readonly SearchValues<byte> NameStops = SearchValues.Create(" =\u001d'"u8);
    private static readonly SearchValues<byte> ValueStops = SearchValues.Create(" \u001d"u8);
    private static readonly SearchValues<byte> NestedValueStops = SearchValues.Create(" \u001d'"u8);

    /// <summary>Parses one audit.log / auditd-plugin line. Returns false (with the reason) when malformed.</summary>
    public bool TryParseLine(ReadOnlySpan<byte> line, AuditRecord record, out AuditParseError error)
    {
        record.Reset();
        line = TrimEnd(line);
        var text = record.Load(line, SyntheticReserve);
        var pos = SkipSpaces(text, 0);
        if (pos == text.Length) { error = AuditParseError.Empty; return false; }

        if (text[pos..].StartsWith("node="u8))
        {
            var start = pos + 5;
            var end = IndexOfOrEnd(text, start, (byte)' ');
            record.NodeStart = start;
            record.NodeLength = end - start;
            pos = SkipSpaces(text, end);
        }

        if (!text[pos..].StartsWith("type="u8)) { error = AuditParseError.MissingType; return false; }
        var typeStart = pos + 5;
        var typeEnd = IndexOfOrEnd(text, typeStart, (byte)' ');
        if (!AuditRecordTypeNames.TryGetType(text[typeStart..typeEnd], out var type)) { error = AuditParseError.UnknownType; return false; }
        record.Type = type;
        pos = SkipSpaces(text, typeEnd);

        if (!text[pos..].StartsWith("msg="u8)) { error = AuditParseError.MissingHeader; return false; }
        return TryParseBody(text, pos + 4, record, out error);
    }

    /// <summary>
    /// Parses a netlink record: <paramref name="type"/> from the netlink header, <paramref name="payload"/> the text
    /// <c>audit(...): ...</c> (trailing NULs and newlines allowed).
    /// </summary>
    public bool TryParseNetlink(int type, ReadOnlySpan<byte> payload, AuditRecord record, out AuditParseError error)
    {
        record.Reset();
        var text = record.Load(TrimEnd(payload), SyntheticReserve);
        record.Type = type;
        return TryParseBody(text, SkipSpaces(text, 0), record, out error);
    }

    private static bool TryParseBody(Span<byte> text, int pos, AuditRecord record, out AuditParseError error)
    {
        if (!text[pos..].StartsWith("audit("u8)) { error = AuditParseError.MissingHeader; return false; }
        pos += 6;
        if (!TryParseHeader(text, ref pos, record)) { error = AuditParseError.BadHeader; return false; }
        record.BodyStart = pos;
        record.BodyLength = text.Length - pos;
        ParseFields(text, pos, text.Length, record, nested: false);
        error = AuditParseError.None;
        return true;
    }

    // SECONDS.MILLIS:SERIAL) then an optional ':'
    private static bool TryParseHeader(ReadOnlySpan<byte> text, ref int pos, AuditRecord record)
    {
        var close = text[pos..].IndexOf((byte)')');
        if (close < 0) return false;
        var stamp = text.Slice(pos, close);
        var dot = stamp.IndexOf((byte)'.');
        var colon = stamp.IndexOf((byte)':');
        if (dot <= 0 || colon <= dot + 1) return false;
        if (!AuditNumber.TryParseDecimal(stamp[..dot], out long seconds) || seconds < 0) return false;
        var fraction = stamp[(dot + 1)..colon];
        if (!AuditNumber.TryParseDecimal(fraction, out long fractionValue) || fractionValue < 0) return false;
        long millis = fraction.Length switch
        {
            1 => fractionValue * 100,
            2 => fractionValue * 10,
            3 => fractionValue,
            _ => fractionValue / Pow10(fraction.Length - 3),
        };
        if (!AuditNumber.TryParseDecimal(stamp[(colon + 1)..], out long serial) || serial < 0 || serial > uint.MaxValue) return false;
        record.UnixTimeMilliseconds = seconds * 1000 + millis;
        record.Serial = (uint)serial;
        pos += close + 1;
        if (pos < text.Length && text[pos] == (byte)':') pos++;
        return true;
    }

    private static long Pow10(int n)
    {
        long v = 1;
        for (var i = 0; i < n && i < 18; i++) v *= 10;
        return v;
    }

    /// <summary>Tokenises <c>name=value</c> pairs in [pos, end). Returns where it stopped (a closing quote when nested).</summary>
    private static int ParseFields(Span<byte> text, int pos, int end, AuditRecord record, bool nested)
    {
        var enriched = false;
        var inParens = false;
        while (pos < end)
        {
            var b = text[pos];
            if (b == (byte)' ' || b == (byte)'\t') { pos++; continue; }
            if (b == GroupSeparator) { enriched = true; pos++; continue; }
            if (nested && b == (byte)'\'') return pos;
            if (b == (byte)'(') { inParens = true; pos++; continue; }

            var stop = text[pos..end].IndexOfAny(NameStops);
            var nameEnd = stop < 0 ? end : pos + stop;
            if (nameEnd == end || text[nameEnd] != (byte)'=')
            {
                pos = SkipBareWord(text, pos, end, record, nested);
                continue;
            }

            var nameStart = pos;
            var nameLength = nameEnd - pos;
            var valueStart = nameEnd + 1;
            var flags = enriched ? AuditRecordFieldFlags.Enriched : AuditRecordFieldFlags.None;

            if (valueStart < end && text[valueStart] == (byte)'"')
            {
                var close = text[(valueStart + 1)..end].IndexOf((byte)'"');
                var valueEnd = close < 0 ? end : valueStart + 1 + close;
                record.AddField(new AuditRecordField(nameStart, nameLength, valueStart + 1, valueEnd - valueStart - 1, flags | AuditRecordFieldFlags.Quoted));
                pos = Math.Min(end, valueEnd + 1);
                continue;
            }

            if (valueStart < end && text[valueStart] == (byte)'\'')
            {
                if (!nested && text.Slice(nameStart, nameLength).SequenceEqual("msg"u8))
                {
                    // User-space payload: its fields belong to the record (as auparse presents them).
                    var stopped = ParseFields(text, valueStart + 1, end, record, nested: true);
                    pos = Math.Min(end, stopped + 1);
                    continue;
                }
                var close = text[(valueStart + 1)..end].IndexOf((byte)'\'');
                var valueEnd = close < 0 ? end : valueStart + 1 + close;
                record.AddField(new AuditRecordField(nameStart, nameLength, valueStart + 1, valueEnd - valueStart - 1, flags | AuditRecordFieldFlags.SingleQuoted));
                pos = Math.Min(end, valueEnd + 1);
                continue;
            }

            var valueStop = text[valueStart..end].IndexOfAny(nested ? NestedValueStops : ValueStops);
            var plainEnd = valueStop < 0 ? end : valueStart + valueStop;
            var trimmedEnd = plainEnd;
            // Old PAM style "(hostname=?, addr=?, terminal=cron res=success)".
            if (trimmedEnd > valueStart && text[trimmedEnd - 1] == (byte)',') trimmedEnd--;
            if (inParens && trimmedEnd > valueStart && text[trimmedEnd - 1] == (byte)')') { trimmedEnd--; inParens = false; }
            record.AddField(new AuditRecordField(nameStart, nameLength, valueStart, trimmedEnd - valueStart, flags));
            pos = plainEnd;
        }
        return end;
    }

    /// <summary>
    /// Skips a word without '='. SELinux AVC text is the exception: <c>denied</c>/<c>granted</c> becomes
    /// <c>seresult</c> and <c>{ read write }</c> becomes <c>seperms=read,write</c>, as auparse reports them.
    /// </summary>
    private static int SkipBareWord(Span<byte> text, int pos, int end, AuditRecord record, bool nested)
    {
        // A word ends at a space or 0x1D, and inside msg='...' also at the closing quote.
        var spaceStop = text[pos..end].IndexOfAny(nested ? NestedValueStops : ValueStops);
        var next = spaceStop < 0 ? end : pos + spaceStop;
        if (next == pos) next = pos + 1;
        var word = text[pos..next];

        if (word.SequenceEqual("denied"u8) || word.SequenceEqual("granted"u8))
        {
            var nameOffset = record.AppendSynthetic("seresult"u8);
            record.AddField(new AuditRecordField(nameOffset, 8, pos, word.Length, AuditRecordFieldFlags.Synthetic));
            return next;
        }
        if (word.SequenceEqual("{"u8))
        {
            var close = text[next..end].IndexOf((byte)'}');
            if (close < 0) return next;
            var inner = text.Slice(next, close).Trim((byte)' ');
            var nameOffset = record.AppendSynthetic("seperms"u8);
            // Words separated by single commas instead of spaces: synthesise them after the text.
            Span<byte> joined = stackalloc byte[Math.Min(inner.Length, 256)];
            var length = 0;
            var lastWasSpace = false;
            foreach (var c in inner)
            {
                if (length == joined.Length) break;
                if (c == (byte)' ') { lastWasSpace = true; continue; }
                if (lastWasSpace && length > 0) { joined[length++] = (byte)','; if (length == joined.Length) break; }
                lastWasSpace = false;
                joined[length++] = c;
            }
            var valueOffset = record.AppendSynthetic(joined[..length]);
            record.AddField(new AuditRecordField(nameOffset, 7, valueOffset, length, AuditRecordFieldFlags.Synthetic));
            return next + close + 1;
        }
        return next;
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> line)
    {
        var end = line.Length;
        while (end > 0 && (line[end - 1] is (byte)'\n' or (byte)'\r' or 0 or (byte)' ')) end--;
        return line[..end];
    }

    private static int SkipSpaces(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length && text[pos] == (byte)' ') pos++;
        return pos;
    }

    private static int IndexOfOrEnd(ReadOnlySpan<byte> text, int start, byte value)
    {
        var i = text[start..].IndexOf(value);
        return i < 0 ? text.Length : start + i;
    }
}
