using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Turns a stored process row back into the contract's <c>process.*</c> fields, in the order the common fields are
/// declared (the order the journal writes them), so every answer carries the whole process context under the same
/// names as the journal: GUIDs as text, times as ISO 8601, ancestry and argv as arrays.
/// </summary>
internal static class ProcessFieldDecoder
{
    /// <summary>The process columns that hold a common field, in the common fields' order.</summary>
    public static IReadOnlyList<ProcessColumns.Column> Columns { get; } =
        CommonFields.All.Select(f => ProcessColumns.All.FirstOrDefault(c => c.Field == f.Name)).OfType<ProcessColumns.Column>().ToArray();

    /// <summary>The select list of <see cref="Columns"/> for a process table that has <paramref name="existing"/> columns (null for the missing).</summary>
    public static string SelectList(IReadOnlySet<string> existing, string alias) =>
        string.Join(", ", Columns.Select(c => existing.Contains(c.Name) ? alias + c.Name : "NULL"));

    /// <summary>The string ids a raw row (values of <see cref="Columns"/> in order) refers to.</summary>
    public static IEnumerable<long> StringIds(object?[] raw)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Kind is ProcessColumnKind.String or ProcessColumnKind.StringList && raw[i] is long id) yield return id;
    }

    /// <summary>The present fields of a raw row, decoded, as (dotted name, value) in order.</summary>
    public static List<KeyValuePair<string, object?>> Decode(object?[] raw, IReadOnlyDictionary<long, string> strings)
    {
        var fields = new List<KeyValuePair<string, object?>>(Columns.Count);
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            object? value = raw[i] switch
            {
                null => null,
                byte[] b when column.Kind == ProcessColumnKind.Guid && b.Length == 16 => new Guid(b, bigEndian: true).ToString(),
                long ticks when column.Kind == ProcessColumnKind.Ticks => FoundEvent.FormatTime(ticks),
                long id when column.Kind == ProcessColumnKind.StringList || IsMultiValued(column) =>
                    StoredValues.ParseJsonArray(strings.GetValueOrDefault(id)),
                long id when column.Kind == ProcessColumnKind.String => strings.GetValueOrDefault(id),
                var other => other,
            };
            if (value is not null) fields.Add(new(column.Field, value));
        }
        return fields;
    }

    private static bool IsMultiValued(ProcessColumns.Column column) =>
        CommonFields.TryGetField(column.Field, out var field) && field.MultiValued;
}
