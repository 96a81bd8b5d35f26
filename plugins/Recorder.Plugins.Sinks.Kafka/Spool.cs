using System.Globalization;
using Recorder.JsonLines;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// The bounded on-disk spool between the sink's writer and the Kafka sender: JSON-lines segment files
/// <c>spool-&lt;number&gt;.jsonl</c> (numbers increase, so names sort by age) and a durable cursor
/// (<see cref="SpoolCursorFile"/>). The writer appends; the sender reads behind it; segments wholly acknowledged are
/// deleted. Beyond the budget the oldest segments are dropped, delivered or not, and what they held is reported.
/// Thread-safe: the writer and the sender call it from their own threads.
/// </summary>
public sealed class Spool : IDisposable
{
    private const string Prefix = "spool-";
    private const string Extension = ".jsonl";

    private readonly Lock _gate = new();
    private readonly List<(long Number, long Length)> _segments = [];
    private readonly long _maxBytes, _segmentBytes;
    private FileStream? _current;
    private long _currentLength;
    private long _totalBytes;
    private SpoolPosition _acknowledged;

    private Spool(string folder, long maxBytes, long segmentBytes)
    {
        Folder = folder;
        _maxBytes = maxBytes;
        _segmentBytes = segmentBytes;
    }

    /// <summary>The spool's folder.</summary>
    public string Folder { get; }

    /// <summary>
    /// Called with a segment's number just before the budget drops it; returns how far the sender has handed lines to
    /// the producer, and from then on the sender hands over nothing more of that segment. Lines before that position
    /// are in the producer's hands (delivered later, or counted as lost by the sender when they fail); only the lines
    /// after it count as dropped here.
    /// </summary>
    public Func<long, SpoolPosition>? ClaimForDrop { get; set; }

    /// <summary>Where the sender stopped before the last shutdown or crash (events up to it may be sent twice).</summary>
    public SpoolPosition SentBeforeRestart { get; private set; }

    /// <summary>Bytes removed from the newest segment on open: a line torn by a crash or a full disk.</summary>
    public long TornBytesRepaired { get; private set; }

    /// <summary>Bytes of every segment file.</summary>
    public long TotalBytes { get { lock (_gate) return _totalBytes; } }

    /// <summary>Everything before this was acknowledged by Kafka.</summary>
    public SpoolPosition Acknowledged { get { lock (_gate) return _acknowledged; } }

    /// <summary>The end of everything written so far.</summary>
    public SpoolPosition WriteEnd { get { lock (_gate) return new SpoolPosition(_segments[^1].Number, _segments[^1].Length); } }

    /// <summary>The oldest segment still on disk.</summary>
    public long OldestSegment { get { lock (_gate) return _segments[0].Number; } }

    /// <summary>Opens (or creates) a spool: repairs a torn last line, reads the cursor, deletes what was delivered.</summary>
    public static Spool Open(string folder, long maxBytes, long segmentBytes)
    {
        if (!Directory.Exists(folder)) JsonLinesFile.CreateOwnerOnlyFolders(folder);
        var spool = new Spool(folder, maxBytes, segmentBytes);
        spool.Load();
        return spool;
    }

    private void Load()
    {
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles(Prefix + "*" + Extension))
            if (long.TryParse(file.Name.AsSpan(Prefix.Length, file.Name.Length - Prefix.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                _segments.Add((number, file.Length));
        _segments.Sort((a, b) => a.Number.CompareTo(b.Number));
        if (_segments.Count > 0)
        {
            var (newest, _) = _segments[^1];
            TornBytesRepaired = JsonLinesFile.RepairTornLine(PathOf(newest));
            _segments[^1] = (newest, new FileInfo(PathOf(newest)).Length);
        }
        var cursor = SpoolCursorFile.Read(Folder);
        _acknowledged = cursor?.Acknowledged ?? new SpoolPosition(_segments.Count > 0 ? _segments[0].Number : 1, 0);
        SentBeforeRestart = cursor?.Sent ?? _acknowledged;
        // Segments before the cursor were delivered before the restart.
        while (_segments.Count > 0 && _segments[0].Number < _acknowledged.Segment)
        {
            File.Delete(PathOf(_segments[0].Number));
            _segments.RemoveAt(0);
        }
        if (_segments.Count == 0) _segments.Add((Math.Max(1, _acknowledged.Segment), 0));
        if (_acknowledged.Segment < _segments[0].Number) _acknowledged = new SpoolPosition(_segments[0].Number, 0);
        // A cursor past the data (the data was lost with the page cache in a power cut) points at the end.
        var first = _segments[0];
        if (_acknowledged.Segment == first.Number && _acknowledged.Offset > first.Length) _acknowledged = new SpoolPosition(first.Number, first.Length);
        foreach (var (_, length) in _segments) _totalBytes += length;
        _current = JsonLinesFile.OpenAppend(PathOf(_segments[^1].Number));
        _currentLength = _current.Length;
    }

    /// <summary>The file of segment <paramref name="number"/>.</summary>
    public string PathOf(long number) => Path.Combine(Folder, Prefix + number.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    /// <summary>
    /// Appends whole lines. Then drops the oldest segments while the spool is over its budget and returns what they
    /// held that Kafka had not acknowledged (count and time span), or null. On an I/O error nothing of
    /// <paramref name="lines"/> stays in the spool and the error is thrown.
    /// </summary>
    public SpoolDrop? Append(ReadOnlySpan<byte> lines)
    {
        lock (_gate)
        {
            if (_currentLength >= _segmentBytes) Rotate();
            var before = _currentLength;
            try
            {
                _current!.Write(lines);
            }
            catch (IOException)
            {
                try { _current!.SetLength(before); } catch (IOException) { /* the torn tail is cut on the next open */ }
                throw;
            }
            _currentLength += lines.Length;
            _totalBytes += lines.Length;
            _segments[^1] = (_segments[^1].Number, _currentLength);
            return EnforceBudget();
        }
    }

    /// <summary>Forces the newest segment to disk.</summary>
    public void Flush()
    {
        lock (_gate) _current?.Flush(flushToDisk: true);
    }

    /// <summary>Bytes of segment <paramref name="number"/> that hold whole lines, or -1 when it was dropped.</summary>
    public long EndOf(long number)
    {
        lock (_gate)
        {
            foreach (var (n, length) in _segments)
                if (n == number) return length;
            return -1;
        }
    }

    /// <summary>The segment after <paramref name="number"/>, or -1 when it is the newest.</summary>
    public long NextAfter(long number)
    {
        lock (_gate)
        {
            foreach (var (n, _) in _segments)
                if (n > number) return n;
            return -1;
        }
    }

    /// <summary>
    /// Moves the cursor forward to <paramref name="position"/> (Kafka acknowledged everything before it) and deletes
    /// the segments it has passed. Positions behind the cursor (late reports of dropped segments) are ignored.
    /// </summary>
    public void Acknowledge(SpoolPosition position)
    {
        lock (_gate)
        {
            if (position <= _acknowledged) return;
            _acknowledged = position;
            // A wholly delivered segment that is no longer written to goes; the cursor moves to the next.
            while (_segments.Count > 1 && (_segments[0].Number < _acknowledged.Segment
                   || (_segments[0].Number == _acknowledged.Segment && _acknowledged.Offset >= _segments[0].Length)))
            {
                DeleteOldest();
                if (_acknowledged.Segment < _segments[0].Number) _acknowledged = new SpoolPosition(_segments[0].Number, 0);
            }
        }
    }

    /// <summary>Writes the durable cursor: the acknowledged position and how far the sender got.</summary>
    public void SaveCursor(SpoolPosition sent)
    {
        SpoolPosition acknowledged;
        lock (_gate) acknowledged = _acknowledged;
        SpoolCursorFile.Write(Folder, acknowledged, sent < acknowledged ? acknowledged : sent);
    }

    /// <summary>Counts the lines from <paramref name="from"/> to the end of the spool (the backlog at start).</summary>
    public long CountLinesFrom(SpoolPosition from)
    {
        List<(long Number, long Length)> segments;
        lock (_gate) segments = [.. _segments];
        long lines = 0;
        foreach (var (number, length) in segments)
        {
            if (number < from.Segment) continue;
            lines += CountNewlines(PathOf(number), number == from.Segment ? from.Offset : 0, length);
        }
        return lines;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private void Rotate()
    {
        _current!.Flush(flushToDisk: true);
        _current.Dispose();
        var number = _segments[^1].Number + 1;
        _segments.Add((number, 0));
        _current = JsonLinesFile.OpenAppend(PathOf(number));
        _currentLength = 0;
    }

    private SpoolDrop? EnforceBudget()
    {
        SpoolDrop? dropped = null;
        while (_totalBytes > _maxBytes && _segments.Count > 1)
        {
            var (number, length) = _segments[0];
            var handed = ClaimForDrop?.Invoke(number) ?? _acknowledged;
            var from = handed < _acknowledged ? _acknowledged : handed;
            if (from.Segment <= number)
            {
                var counted = CountLines(PathOf(number), from.Segment == number ? from.Offset : 0, length);
                if (counted.Lines > 0) dropped = dropped is null ? counted : dropped.Add(counted);
            }
            DeleteOldest();
            if (_acknowledged.Segment < _segments[0].Number) _acknowledged = new SpoolPosition(_segments[0].Number, 0);
        }
        return dropped;
    }

    private void DeleteOldest()
    {
        var (number, length) = _segments[0];
        File.Delete(PathOf(number));
        _segments.RemoveAt(0);
        _totalBytes -= length;
    }

    // Lines between two offsets of a segment, without reading them (the backlog at start can be a whole budget).
    private static long CountNewlines(string path, long from, long to)
    {
        if (to <= from) return 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        file.Position = from;
        var buffer = new byte[256 * 1024];
        long lines = 0;
        for (var remaining = to - from; remaining > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read <= 0) break;
            remaining -= read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return lines;
    }

    // Lines between two offsets of a segment: events, the counts of loss markers among them, and the time span.
    private static SpoolDrop CountLines(string path, long from, long to)
    {
        var drop = new SpoolDrop(0, 0, 0, null, null);
        if (to <= from) return drop;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        file.Position = from;
        var buffer = new byte[256 * 1024];
        var carry = new List<byte>();
        var remaining = to - from;
        while (remaining > 0)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read <= 0) break;
            remaining -= read;
            var span = buffer.AsSpan(0, read);
            int newline;
            while ((newline = span.IndexOf((byte)'\n')) >= 0)
            {
                ReadOnlySpan<byte> line;
                if (carry.Count > 0) { carry.AddRange(span[..newline]); line = carry.ToArray(); carry.Clear(); }
                else line = span[..newline];
                var (time, lost) = SpoolLine.Summary(line);
                drop = drop.Add(new SpoolDrop(lost > 0 ? 0 : 1, lost, 1, time, time));
                span = span[(newline + 1)..];
            }
            carry.AddRange(span);
        }
        return drop;
    }
}

/// <summary>
/// What the spool dropped unsent: <paramref name="Events"/> events, <paramref name="Carried"/> events that dropped
/// loss markers stood for, <paramref name="Lines"/> lines in all, and the span of their times.
/// </summary>
public sealed record SpoolDrop(long Events, long Carried, long Lines, DateTime? FirstTime, DateTime? LastTime)
{
    /// <summary>Everything lost: the events and what the dropped markers stood for.</summary>
    public long Lost => Events + Carried;

    /// <summary>This drop and another one together.</summary>
    public SpoolDrop Add(SpoolDrop other) => new(Events + other.Events, Carried + other.Carried, Lines + other.Lines,
        Earlier(FirstTime, other.FirstTime), Later(LastTime, other.LastTime));

    private static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;
    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
