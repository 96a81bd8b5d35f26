namespace Recorder.Sigma.Tests.Support;

/// <summary>An event as a case-insensitive map of Sigma field names to values; keyword search covers every value.</summary>
public sealed class TestEvent : ISigmaEventFields
{
    private readonly Dictionary<string, SigmaValue> _fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SigmaValue> _values = [];

    public TestEvent(params (string Field, SigmaValue Value)[] fields)
    {
        foreach (var (field, value) in fields) Set(field, value);
    }

    public TestEvent Set(string field, SigmaValue value)
    {
        _fields[field] = value;
        _values.Clear();
        _values.AddRange(_fields.Values);
        return this;
    }

    public IEnumerable<KeyValuePair<string, SigmaValue>> Fields => _fields;

    public bool TryGetValue(string sigmaField, out SigmaValue value) => _fields.TryGetValue(sigmaField, out value);

    public bool TryGetKeywordValue(int index, out SigmaValue value)
    {
        value = index < _values.Count ? _values[index] : default;
        return index < _values.Count;
    }

    public override string ToString() => string.Join(", ", _fields.Select(f => $"{f.Key}={f.Value}"));
}
