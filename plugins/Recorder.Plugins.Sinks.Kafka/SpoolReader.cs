namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// Reads spool lines in order for the sender, behind the writer: only bytes the writer has finished are read, a
/// segment dropped by the budget is skipped, and the next segment is opened when one is read to its end.
/// One thread only.
/// </summary>
internal sealed class SpoolReader : IDisposable
{
    private readonly Spool _spool;
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;           // unread bytes in the buffer
    private long _bufferOffset;         // file offset of _buffer[0]
    private FileStream? _file;

    public SpoolReader(Spool spool, SpoolPosition from)
    {
        _spool = spool;
        Seek(from);
    }

    /// <summary>The position just after the last line returned.</summary>
    public SpoolPosition Position { get; private set; }

    /// <summary>Continues from <paramref name="position"/> (after a rewind to the acknowledged cursor).</summary>
    public void Seek(SpoolPosition position)
    {
        _file?.Dispose();
        _file = null;
        _start = _end = 0;
        _bufferOffset = position.Offset;
        Position = position;
    }

    /// <summary>The next whole line (without its newline), or false when the sender has caught up with the writer.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                Position = new SpoolPosition(Position.Segment, _bufferOffset + _start);
                return true;
            }
            if (!Fill())
            {
                line = default;
                return false;
            }
        }
    }

    // Reads more of the current segment, or moves to the next one; false when there is nothing more yet.
    private bool Fill()
    {
        var segment = Position.Segment;
        var end = _spool.EndOf(segment);
        if (end < 0)
        {
            // Dropped by the budget while unsent: continue with the oldest segment left.
            Seek(new SpoolPosition(_spool.OldestSegment, 0));
            return true;
        }
        var fileOffset = _bufferOffset + _end;
        if (fileOffset >= end)
        {
            var next = _spool.NextAfter(segment);
            // A segment is finished once a newer one exists and every byte it holds was read.
            if (next < 0 || _end > _start) return false;
            Seek(new SpoolPosition(next, 0));
            return true;
        }
        // Keep the unread partial line at the front; grow for a line longer than the buffer.
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        if (_file is null)
        {
            try
            {
                _file = new FileStream(_spool.PathOf(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (FileNotFoundException)
            {
                // Dropped between the look-up and the open.
                Seek(new SpoolPosition(_spool.OldestSegment, 0));
                return true;
            }
        }
        _file.Position = fileOffset;
        var read = _file.Read(_buffer, _end, (int)Math.Min(_buffer.Length - _end, end - fileOffset));
        if (read <= 0) return false;
        _end += read;
        return true;
    }

    public void Dispose() => _file?.Dispose();
}
