using System.Buffers.Binary;
using System.Text;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>
/// Reads the fields of a manifest provider's payload in order (the same bytes on Windows and in a replay, where no
/// TDH schema is at hand). Every read is bounds-checked: a short payload gives null, never an exception.
/// </summary>
internal ref struct ManifestPayload(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public uint? UInt32()
    {
        if (_at + 4 > _bytes.Length) { _at = _bytes.Length; return null; }
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_at..]);
        _at += 4;
        return value;
    }

    public ulong? UInt64()
    {
        if (_at + 8 > _bytes.Length) { _at = _bytes.Length; return null; }
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_bytes[_at..]);
        _at += 8;
        return value;
    }

    public DateTime? FileTime() => UInt64() is { } value && value <= (ulong)DateTime.MaxValue.ToFileTimeUtc() ? DateTime.FromFileTimeUtc((long)value) : null;

    /// <summary>A NUL-terminated UTF-16 string (the NUL may be missing at the end of the payload).</summary>
    public string? WideString()
    {
        if (_at >= _bytes.Length) return null;
        var end = _at;
        while (end + 1 < _bytes.Length && (_bytes[end] != 0 || _bytes[end + 1] != 0)) end += 2;
        var text = Encoding.Unicode.GetString(_bytes[_at..Math.Min(end, _bytes.Length & ~1)]);
        _at = Math.Min(end + 2, _bytes.Length);
        return text;
    }

    /// <summary>A SID as stored (revision, count, 6-byte authority, sub-authorities), skipped.</summary>
    public void SkipSid()
    {
        if (_at + 8 > _bytes.Length) { _at = _bytes.Length; return; }
        _at = Math.Min(_bytes.Length, _at + 8 + 4 * _bytes[_at + 1]);
    }
}
