using System.Collections.Frozen;
using Recorder.Sigma;

namespace Recorder.Benchmarks.Sigma;

/// <summary>
/// A process_creation event with Sysmon's field names, held the way an integration would: values in slots, names
/// resolved through a frozen case-insensitive table. Answers without allocating.
/// </summary>
internal sealed class ProcessCreationEvent : ISigmaEventFields
{
    public static readonly string[] FieldNames =
    [
        "Image", "OriginalFileName", "CommandLine", "CurrentDirectory", "User", "LogonId", "IntegrityLevel", "Hashes",
        "ParentImage", "ParentCommandLine", "ParentProcessId", "ProcessId", "Product", "Company", "Description",
    ];

    private static readonly FrozenDictionary<string, int> Slots =
        FieldNames.Select((name, slot) => (name, slot)).ToFrozenDictionary(f => f.name, f => f.slot, StringComparer.OrdinalIgnoreCase);

    private readonly SigmaValue[] _values = new SigmaValue[FieldNames.Length];
    private readonly bool[] _present = new bool[FieldNames.Length];
    private readonly List<int> _presentSlots = [];

    public ProcessCreationEvent Set(string field, SigmaValue value)
    {
        var slot = Slots[field];
        _values[slot] = value;
        if (!_present[slot]) _presentSlots.Add(slot);
        _present[slot] = true;
        return this;
    }

    public bool TryGetValue(string sigmaField, out SigmaValue value)
    {
        if (Slots.TryGetValue(sigmaField, out var slot) && _present[slot])
        {
            value = _values[slot];
            return true;
        }
        value = default;
        return false;
    }

    public bool TryGetKeywordValue(int index, out SigmaValue value)
    {
        value = index < _presentSlots.Count ? _values[_presentSlots[index]] : default;
        return index < _presentSlots.Count;
    }
}
