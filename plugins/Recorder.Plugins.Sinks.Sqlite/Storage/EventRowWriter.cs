using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>Inserts events of one type into one partition's table with a statement prepared once.</summary>
internal sealed class EventRowWriter : IDisposable
{
    private readonly StoredType _type;
    private readonly PreparedStatement _insert;
    // Schema ordinal → column parameter index, resolved once (the schema object may be a newer version of the type).
    private readonly int[] _parameterOfOrdinal;
    private readonly StoredField?[] _fieldOfOrdinal;
    private readonly long _baseTicks;
    private readonly EventHeader _header;

    public EventRowWriter(Microsoft.Data.Sqlite.SqliteConnection connection, string table, StoredType type, EventSchema schema, long baseTicks, EventHeader header)
    {
        _header = header;
        _type = type;
        _baseTicks = baseTicks;
        var columns = StoreCatalog.EventTableColumns.Concat(type.Fields.Select(f => SqlNames.Quote(f.Column))).ToArray();
        var parameters = string.Join(", ", Enumerable.Range(1, columns.Length).Select(i => "?" + i));
        _insert = new PreparedStatement(connection, $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({parameters})");

        _parameterOfOrdinal = new int[schema.Fields.Count];
        _fieldOfOrdinal = new StoredField?[schema.Fields.Count];
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var index = type.Fields.ToList().FindIndex(f => f.Field == schema.Fields[i].Name);
            _parameterOfOrdinal[i] = index < 0 ? -1 : StoreCatalog.EventTableColumns.Length + index + 1;
            _fieldOfOrdinal[i] = index < 0 ? null : type.Fields[index];
        }
    }

    /// <summary>Values that could not be stored as their declared type (stored as null).</summary>
    public long BadValues { get; private set; }

    /// <summary>Inserts the event and returns the row key it got.</summary>
    public long Write(RecorderEvent e, long processRow, long sequence, StringInterner strings)
    {
        var ticks = StoredValues.Ticks(e.Time);
        _insert.Bind(2, e.Id);
        _insert.Bind(3, processRow);
        _insert.Bind(4, _header.IdFor(e, strings));

        for (var ordinal = 0; ordinal < _parameterOfOrdinal.Length; ordinal++)
        {
            var parameter = _parameterOfOrdinal[ordinal];
            if (parameter < 0) continue;
            BindValue(parameter, _fieldOfOrdinal[ordinal]!, e[ordinal], strings);
        }

        // The key is the time. Sources with millisecond timestamps (kernel audit) give dozens of events the same
        // time under load: an event at or just before the last key written continues right after it (a shift of
        // a few nanoseconds per event, far below the source's precision) instead of probing from the start.
        var key = TimeKey.Encode(ticks, _baseTicks, sequence);
        if (key <= _lastKey && _lastKey - key < SameMomentKeys) key = _lastKey + 1;
        for (var attempt = 0; ; attempt++)
        {
            _insert.Bind(1, key);
            if (_insert.ExecuteAllowingConstraint() == 0)
            {
                if (key > _lastKey) _lastKey = key;
                return key;
            }
            if (attempt > 4096) throw new InvalidOperationException($"No free time key near {e.Time:O} in table of '{_type.Type}'.");
            key++;
        }
    }

    /// <summary>Keys of one millisecond: events within it that clash follow the last key written.</summary>
    private const long SameMomentKeys = TimeSpan.TicksPerMillisecond << TimeKey.SequenceBits;

    private long _lastKey = long.MinValue;

    private void BindValue(int parameter, StoredField field, object? value, StringInterner strings)
    {
        if (value is null) { _insert.BindNull(parameter); return; }
        switch (field.Type)
        {
            case FieldType.String:
            case FieldType.IpAddress:
                _insert.Bind(parameter, strings.Intern(StoredValues.Text(value)));
                return;
            case FieldType.StringList:
                if (value is IEnumerable<string?> list) { _insert.Bind(parameter, strings.Intern(StoredValues.JsonArray(list))); return; }
                break;
            case FieldType.Int64:
            case FieldType.Boolean:
                if (StoredValues.TryInt64(value, out var number)) { _insert.Bind(parameter, number); return; }
                break;
            case FieldType.Double:
                if (value is double d) { _insert.Bind(parameter, d); return; }
                if (value is float f) { _insert.Bind(parameter, f); return; }
                if (StoredValues.TryInt64(value, out var whole)) { _insert.Bind(parameter, (double)whole); return; }
                break;
            case FieldType.Timestamp:
                if (value is DateTime time) { _insert.Bind(parameter, StoredValues.Ticks(time)); return; }
                if (value is DateTimeOffset offset) { _insert.Bind(parameter, offset.UtcTicks); return; }
                break;
            case FieldType.Guid:
                if (value is Guid guid)
                {
                    Span<byte> bytes = stackalloc byte[16];
                    guid.TryWriteBytes(bytes, bigEndian: true, out _);
                    _insert.Bind(parameter, (ReadOnlySpan<byte>)bytes);
                    return;
                }
                break;
        }
        BadValues++;
        _insert.BindNull(parameter);
    }

    public void Dispose() => _insert.Dispose();
}
