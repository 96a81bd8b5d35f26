namespace Recorder.Linux.Audit.Replay;

/// <summary>
/// Reads a stream as lines of bytes without decoding them: one large buffer, lines handed out as spans into it.
/// A line longer than the buffer makes the buffer grow.
/// </summary>
internal sealed class AuditLogLineReader
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public AuditLogLineReader(Stream stream, int bufferSize = 1 << 20, int maxLineLength = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        MaxLineLength = maxLineLength;
    }

    /// <summary>Longest line handed out; longer ones are skipped and reported (a record is at most ~9 KB).</summary>
    public int MaxLineLength { get; }

    /// <summary>Bytes consumed so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// The next line without its newline; false at the end of the stream. <paramref name="tooLong"/> is true (and
    /// <paramref name="line"/> empty) for a line longer than <see cref="MaxLineLength"/>, which is skipped.
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        tooLong = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                BytesRead += newline + 1;
                return true;
            }
            if (_end - _start > MaxLineLength)
            {
                SkipRestOfLine();
                line = default;
                tooLong = true;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = _buffer.AsMemory(_start, _end - _start); // last line without a newline
                BytesRead += _end - _start;
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    /// <summary>Drops buffered bytes and reads on until past the next newline (or the end).</summary>
    private void SkipRestOfLine()
    {
        while (true)
        {
            BytesRead += _end - _start;
            _start = _end = 0;
            Fill();
            if (_eof && _end == 0) return;
            var newline = _buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                BytesRead += newline + 1;
                return;
            }
            if (_eof) { BytesRead += _end; _start = _end; return; }
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }
}
