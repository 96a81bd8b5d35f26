using Recorder.Contracts.Events;

namespace Recorder.Contracts.Ecs;

/// <summary>What kind of value an <see cref="EcsFieldValue"/> holds.</summary>
internal enum EcsValueKind : byte { None, Long, Text, Time, Guid, Boolean, Double, TextList, Ancestors }

/// <summary>
/// One field's value read from an event without boxing (common fields are typed properties; schema fields are
/// already objects). <see cref="EcsValueKind.None"/> means absent.
/// </summary>
internal readonly struct EcsFieldValue
{
    public EcsValueKind Kind { get; private init; }
    public long Long { get; private init; }
    public double Double { get; private init; }
    public DateTime Time { get; private init; }
    public Guid Guid { get; private init; }
    public string? Text { get; private init; }
    public IReadOnlyList<string>? TextList { get; private init; }
    public IReadOnlyList<ProcessAncestor>? Ancestors { get; private init; }

    public bool IsAbsent => Kind == EcsValueKind.None;

    public static EcsFieldValue Of(long? value) => value is { } v ? new() { Kind = EcsValueKind.Long, Long = v } : default;
    public static EcsFieldValue Of(string? value) => string.IsNullOrEmpty(value) ? default : new() { Kind = EcsValueKind.Text, Text = value };
    public static EcsFieldValue Of(DateTime? value) => value is { } v ? new() { Kind = EcsValueKind.Time, Time = v } : default;
    public static EcsFieldValue Of(Guid value) => value == Guid.Empty ? default : new() { Kind = EcsValueKind.Guid, Guid = value };
    public static EcsFieldValue Of(IReadOnlyList<string>? value) => value is { Count: > 0 } ? new() { Kind = EcsValueKind.TextList, TextList = value } : default;
    public static EcsFieldValue Of(IReadOnlyList<ProcessAncestor> value) => value.Count > 0 ? new() { Kind = EcsValueKind.Ancestors, Ancestors = value } : default;

    /// <summary>A schema field's stored value, whatever type the collector stored.</summary>
    public static EcsFieldValue OfObject(object? value) => value switch
    {
        null => default,
        long v => Of(v),
        int v => Of(v),
        string v => Of(v),
        DateTime v => Of(v),
        Guid v => Of(v),
        bool v => new() { Kind = EcsValueKind.Boolean, Long = v ? 1 : 0 },
        double v => new() { Kind = EcsValueKind.Double, Double = v },
        IReadOnlyList<string> v => Of(v),
        _ => Of(value.ToString()),
    };
}
