using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.JsonLines;

namespace Recorder.Plugins.Sinks.Journal;

/// <summary>
/// Appends events as JSON lines to <c>events.jsonl</c>, rotating by size into at most <c>max_files</c> files
/// (gzipped if asked) within the size and age budget. A torn last line is cut off when the journal is opened
/// again. A full disk or a read-only file system is counted (<c>dropped_disk_full</c>) and reported, never thrown.
/// </summary>
public sealed class JournalSink : ISink
{
    private readonly JournalSettings _settings;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly TimeProvider _time;
    private readonly EventJsonWriter _json;
    private readonly IPluginCounter _written, _dropped, _rotations, _deleted, _tornBytes;
    private FileStream? _file;
    private long _fileLength;
    private bool _healthy = true;
    private long _retryAfterTicks, _nextFlushTicks, _nextEnforceTicks;
    private bool _dirty;

    /// <summary>Creates the sink; files are opened on the first batch.</summary>
    public JournalSink(JournalSettings settings, IPluginDiagnostics diagnostics, TimeProvider time)
    {
        _settings = settings;
        _diagnostics = diagnostics;
        _time = time;
        _json = new EventJsonWriter(settings.Format);
        _written = diagnostics.Counter("events_written");
        _dropped = diagnostics.Counter("dropped_disk_full");
        _rotations = diagnostics.Counter("rotations");
        _deleted = diagnostics.Counter("files_deleted");
        _tornBytes = diagnostics.Counter("torn_bytes_repaired");
        diagnostics.SetStatus("path", settings.Folder);
        if (settings.Format != JournalFormat.Recorder) diagnostics.SetStatus("format", JournalFormats.Ecs);
    }

    /// <summary>How long the sink waits after a storage failure before trying again.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return ValueTask.CompletedTask;
        var now = _time.GetUtcNow();
        if (!_healthy && now.UtcTicks < _retryAfterTicks)
        {
            _dropped.Add(batch.Count);
            return ValueTask.CompletedTask;
        }
        long lengthBefore = -1;
        try
        {
            _file ??= Open();
            lengthBefore = _fileLength;
            _json.Clear();
            for (var i = 0; i < batch.Count; i++) _json.Write(batch[i]);
            _file.Write(_json.Written.Span);
            _fileLength += _json.Written.Length;
            _dirty = true;
            if (_settings.FlushInterval == TimeSpan.Zero || now.UtcTicks >= _nextFlushTicks)
            {
                _file.Flush(_settings.Fsync);
                _dirty = false;
                _nextFlushTicks = now.UtcTicks + _settings.FlushInterval.Ticks;
            }
            _written.Add(batch.Count);
            if (_fileLength >= _settings.MaxFileBytes) RotateAndEnforce(now);
            else if (now.UtcTicks >= _nextEnforceTicks)
            {
                // Age limits apply even when the journal grows slowly and rarely rotates.
                _nextEnforceTicks = now.UtcTicks + TimeSpan.TicksPerMinute;
                var deleted = JournalFiles.Enforce(_settings.Folder, _settings, now, _settings.MaxFileBytes);
                if (deleted > 0) _deleted.Add(deleted);
            }
            if (!_healthy)
            {
                _healthy = true;
                _diagnostics.ReportHealth("disk", true, "writing again");
            }
            _diagnostics.SetStatus("size_bytes", JournalFiles.TotalBytes(_settings.Folder).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A write cut short by a full disk may have left part of the batch: take it all back, so the journal
            // holds exactly the batches counted as written (truncating frees space, so this normally works).
            if (_file is not null && lengthBefore >= 0)
            {
                try { _file.SetLength(lengthBefore); _fileLength = lengthBefore; }
                catch (IOException) { /* the torn tail is cut on reopen */ }
            }
            OnStorageFailure(ex, batch.Count, now);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_file is not null && _dirty) { _file.Flush(flushToDisk: true); _dirty = false; }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            OnStorageFailure(ex, 0, _time.GetUtcNow());
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            _file?.Flush(flushToDisk: true);
        }
        catch (IOException) { /* the lines already written stay; the torn tail is repaired on the next start */ }
        _file?.Dispose();
        _file = null;
        return ValueTask.CompletedTask;
    }

    private FileStream Open()
    {
        if (!Directory.Exists(_settings.Folder)) JsonLinesFile.CreateOwnerOnlyFolders(_settings.Folder);
        var current = Path.Combine(_settings.Folder, JournalFiles.CurrentName);
        var removed = JournalFiles.RepairTornLine(current);
        if (removed > 0)
        {
            _tornBytes.Add(removed);
            _diagnostics.Log(PluginLogLevel.Warning, $"journal {current}: removed a torn last line of {removed} bytes left by an interrupted write");
        }
        var deleted = JournalFiles.Enforce(_settings.Folder, _settings, _time.GetUtcNow(), 0);
        if (deleted > 0) _deleted.Add(deleted);
        var file = JournalFiles.OpenCurrent(_settings.Folder);
        _fileLength = file.Length;
        return file;
    }

    private void RotateAndEnforce(DateTimeOffset now)
    {
        _file!.Flush(flushToDisk: true);
        _file.Dispose();
        _file = null;
        JournalFiles.Rotate(_settings.Folder, now, _settings.Compress);
        _rotations.Increment();
        // Leave room for the next file to grow to its full size inside the budget.
        var deleted = JournalFiles.Enforce(_settings.Folder, _settings, now, _settings.MaxFileBytes);
        if (deleted > 0) _deleted.Add(deleted);
        _file = JournalFiles.OpenCurrent(_settings.Folder);
        _fileLength = _file.Length;
    }

    private void OnStorageFailure(Exception ex, int lost, DateTimeOffset now)
    {
        if (lost > 0) _dropped.Add(lost);
        try { _file?.Dispose(); } catch (IOException) { /* the handle is going anyway */ }
        _file = null; // reopening repairs a line the failed write may have torn
        _retryAfterTicks = now.UtcTicks + RetryDelay.Ticks;
        if (_healthy)
        {
            _healthy = false;
            _diagnostics.Log(PluginLogLevel.Error, $"journal {_settings.Folder}: cannot write ({ex.Message}); dropping events until it can", ex);
        }
        _diagnostics.ReportHealth("disk", false, $"{_settings.Folder}: {ex.Message}");
    }
}
