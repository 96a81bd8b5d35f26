using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite;

/// <summary>
/// Stores events in a SQLite database. A full disk or a read-only file system never escapes as an exception:
/// the batch is counted in <c>dropped_disk_full</c>, the <c>disk</c> health check turns unhealthy, and writing
/// resumes by itself once the store can be written again.
/// </summary>
public sealed class SqliteSink : ISink
{
    private readonly string _path;
    private readonly StoreBudget _budget;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly TimeProvider _time;
    private readonly IPluginCounter _written, _droppedDisk, _droppedPartitions, _badValues;
    private StoreWriter? _writer;
    private bool _healthy = true;
    private long _retryAfterTicks;
    private long _reportedDroppedPartitions, _reportedBadValues;

    /// <summary>Creates the sink; the store is opened on the first batch.</summary>
    public SqliteSink(string path, StoreBudget budget, IPluginDiagnostics diagnostics, TimeProvider time)
    {
        _path = path;
        _budget = budget;
        _diagnostics = diagnostics;
        _time = time;
        _written = diagnostics.Counter("events_written");
        _droppedDisk = diagnostics.Counter("dropped_disk_full");
        _droppedPartitions = diagnostics.Counter("partitions_dropped");
        _badValues = diagnostics.Counter("bad_values");
        diagnostics.SetStatus("path", path);
    }

    /// <summary>How long the sink waits after a storage failure before it tries the disk again.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return ValueTask.CompletedTask;
        if (!_healthy && _time.GetUtcNow().UtcTicks < _retryAfterTicks)
        {
            _droppedDisk.Add(batch.Count);
            return ValueTask.CompletedTask;
        }
        try
        {
            _writer ??= StoreWriter.Open(_path, _budget, _time);
            _writer.WriteBatch(batch);
            _written.Add(batch.Count);
            if (!_healthy)
            {
                _healthy = true;
                _diagnostics.ReportHealth("disk", true, "writing again");
                _diagnostics.Log(PluginLogLevel.Information, $"sqlite store {_path}: writing again after a storage failure");
            }
            Report();
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            OnStorageFailure(ex, batch.Count);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            _writer?.Flush();
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            OnStorageFailure(ex, 0);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ShutdownAsync(CancellationToken cancellationToken)
    {
        _writer?.Dispose();
        _writer = null;
        return ValueTask.CompletedTask;
    }

    private void Report()
    {
        var state = _writer!.State();
        _diagnostics.SetStatus("size_bytes", state.SizeOnDisk.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _diagnostics.SetStatus("partitions", state.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (state.OldestTicks is { } oldest)
            _diagnostics.SetStatus("oldest_event", new DateTime(oldest, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (state.DroppedPartitions != _reportedDroppedPartitions)
        {
            _droppedPartitions.Add(state.DroppedPartitions - _reportedDroppedPartitions);
            _reportedDroppedPartitions = state.DroppedPartitions;
        }
        var bad = _writer.BadValues;
        if (bad > _reportedBadValues) { _badValues.Add(bad - _reportedBadValues); _reportedBadValues = bad; }
    }

    private void OnStorageFailure(Exception ex, int lost)
    {
        if (lost > 0) _droppedDisk.Add(lost);
        // Start over from what is committed on the next attempt: the connection may be unusable after an I/O error.
        try { _writer?.Dispose(); } catch (Exception) { /* best effort */ }
        _writer = null;
        _retryAfterTicks = _time.GetUtcNow().UtcTicks + RetryDelay.Ticks;
        if (_healthy)
        {
            _healthy = false;
            _diagnostics.Log(PluginLogLevel.Error, $"sqlite store {_path}: cannot write ({ex.Message}); dropping events until it can", ex);
        }
        _diagnostics.ReportHealth("disk", false, $"{_path}: {ex.Message}");
    }

    private static bool IsStorageFailure(Exception ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode is 13 /* FULL */ or 10 /* IOERR */ or 8 /* READONLY */ or 14 /* CANTOPEN */ or 5 /* BUSY */ or 6 /* LOCKED */,
        IOException => true,
        UnauthorizedAccessException => true,
        _ => false,
    };
}
