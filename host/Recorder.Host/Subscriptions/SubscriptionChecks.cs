using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Host.Subscriptions;

/// <summary>
/// The checks that depend on what the host knows (schemas, sinks), shared by the parser and by
/// <see cref="SubscriptionValidator"/>, which re-runs them when plugins come and go. Each returns an error
/// message or null.
/// </summary>
internal static class SubscriptionChecks
{
    public static string? CheckPattern(string pattern, IEventSchemaRegistry schemas)
    {
        if (!EventTypePattern.IsValid(pattern))
            return $"'{pattern}' is not an event type or wildcard; use lower-case dotted names such as 'file.write' or 'file.*'";
        var parsed = new EventTypePattern(pattern);
        if (!parsed.IsWildcard)
            return schemas.TryGet(pattern, out _)
                ? null
                : $"unknown event type '{pattern}'{Suggestions.DidYouMean(pattern, schemas.All.Select(s => s.Name))}";
        foreach (var schema in schemas.All)
            if (parsed.Matches(schema.Name)) return null;
        return $"'{pattern}' matches no known event type";
    }

    public static string? CheckSink(string sinkName, Func<string, bool> sinkExists) =>
        sinkExists(sinkName) ? null : $"unknown sink '{sinkName}': no loaded plugin exports a sink of that name";

    /// <summary>Finds a field among the common fields and the matched types; null when none has it.</summary>
    public static EventField? FindField(string field, IReadOnlyList<EventSchema> matchedTypes)
    {
        if (CommonFields.TryGetField(field, out var common)) return common;
        foreach (var schema in matchedTypes)
            if (schema.TryGetField(field, out var specific)) return specific;
        return null;
    }

    public static string UnknownFieldMessage(string field, IReadOnlyList<EventSchema> matchedTypes)
    {
        var candidates = CommonFields.All.Select(f => f.Name).Concat(matchedTypes.SelectMany(s => s.Fields.Select(f => f.Name)));
        var types = matchedTypes.Count switch
        {
            0 => "its event types",
            <= 4 => string.Join(", ", matchedTypes.Select(s => s.Name)),
            _ => $"any of its {matchedTypes.Count} event types",
        };
        return $"unknown field '{field}': it is not a common field (event.*, process.*) nor a field of {types}{Suggestions.DidYouMean(field, candidates)}";
    }
}
