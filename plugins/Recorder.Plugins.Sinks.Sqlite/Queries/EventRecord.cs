using System.Collections;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// One row of an answer in full: (dotted name, value) pairs in order, as the journal writes an event. Values are
/// texts, integers, doubles, booleans, lists of texts, or (for <c>tags</c>) a dictionary of texts. Adding a null value
/// leaves the name out, as absent fields are left out of the journal.
/// </summary>
public sealed class EventRecord : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    /// <summary>Adds a field unless its value is null.</summary>
    public void Add(string name, object? value)
    {
        if (value is not null) _fields.Add(new(name, value));
    }

    /// <summary>The value of a field, or null.</summary>
    public object? this[string name] => _fields.FirstOrDefault(f => f.Key == name).Value;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
