using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Subscriptions.Filters;

namespace Recorder.Host.Subscriptions;

/// <summary>
/// One validated subscription: which event types a module wants, which of those it keeps (filters), and the
/// sink it writes them to. Immutable; a changed file produces new instances.
/// </summary>
public sealed class Subscription
{
    private readonly EventTypePattern[] _patterns;

    internal Subscription(
        string module, string name, string sourceFile, int line, int column, bool enabled, string? description,
        IReadOnlyList<EventTypePattern> patterns, string sinkName, IPluginOptions sinkOptions, string sinkOptionsText,
        EventFilter filter, SubscriptionSourceMap sourceMap)
    {
        Module = module;
        Name = name;
        SourceFile = sourceFile;
        Line = line;
        Column = column;
        Enabled = enabled;
        Description = description;
        _patterns = patterns.ToArray();
        EventTypePatterns = _patterns.Select(p => p.Text).ToArray();
        SinkName = sinkName;
        SinkOptions = sinkOptions;
        SinkKey = sinkName + " " + sinkOptionsText;
        Filter = filter;
        SourceMap = sourceMap;
    }

    /// <summary>The module (file) it belongs to.</summary>
    public string Module { get; }
    /// <summary>Its name, unique within the module.</summary>
    public string Name { get; }
    /// <summary><c>module/name</c>, unique across the set.</summary>
    public string QualifiedName => Module + "/" + Name;
    /// <summary>The file it was read from.</summary>
    public string SourceFile { get; }
    /// <summary>The line of its entry in the file (1-based).</summary>
    public int Line { get; }
    /// <summary>The column of its entry in the file (1-based).</summary>
    public int Column { get; }
    /// <summary>False when the file says <c>enabled: false</c>; such a subscription is loaded but routes nothing.</summary>
    public bool Enabled { get; }
    /// <summary>The optional <c>description:</c>.</summary>
    public string? Description { get; }
    /// <summary>The event type names and wildcards, as written.</summary>
    public IReadOnlyList<string> EventTypePatterns { get; }
    /// <summary>The sink provider's name (<see cref="SinkAttribute.Name"/>).</summary>
    public string SinkName { get; }
    /// <summary>The sink's <c>options:</c>, to pass to <see cref="ISinkProvider.CreateSink"/>.</summary>
    public IPluginOptions SinkOptions { get; }
    /// <summary>
    /// Sink name plus canonical options text: subscriptions with equal keys share one sink instance
    /// (<c>max_age_days: 90</c> and <c>maxAgeDays: 90</c> are equal; key order does not matter).
    /// </summary>
    public string SinkKey { get; }
    /// <summary>The compiled include/exclude filters.</summary>
    public EventFilter Filter { get; }

    /// <summary>Positions of the parts of the subscription, for errors found after parsing.</summary>
    internal SubscriptionSourceMap SourceMap { get; }

    /// <summary>True when one of the patterns matches the type name. Allocates nothing.</summary>
    public bool WantsType(string eventType)
    {
        foreach (var pattern in _patterns)
            if (pattern.Matches(eventType)) return true;
        return false;
    }

    /// <summary>True when the event's type is wanted and it passes the filters.</summary>
    public bool Accepts(RecorderEvent recorderEvent) => WantsType(recorderEvent.Type) && Filter.Matches(recorderEvent);

    /// <summary>The known event types the patterns select, in registry order.</summary>
    public IReadOnlyList<EventSchema> MatchedTypes(IEventSchemaRegistry schemas)
    {
        var matched = new List<EventSchema>();
        foreach (var schema in schemas.All)
            if (WantsType(schema.Name)) matched.Add(schema);
        return matched;
    }

    /// <inheritdoc />
    public override string ToString() => $"{QualifiedName} ({SourceFile}:{Line}) [{string.Join(", ", EventTypePatterns)}] -> {SinkName}";
}

/// <summary>Where each part of a subscription was written, kept so that re-validation can point at it.</summary>
/// <param name="Patterns">Each event type pattern with its position.</param>
/// <param name="SinkName">The sink name's position.</param>
/// <param name="Fields">Each filter term's type-specific field with its position.</param>
internal sealed record SubscriptionSourceMap(
    IReadOnlyList<(string Text, int Line, int Column)> Patterns,
    (int Line, int Column) SinkName,
    IReadOnlyList<(string Field, int Line, int Column)> Fields);
