using Recorder.Contracts.Plugins;

namespace Recorder.Host.Subscriptions;

/// <summary>
/// Re-checks a parsed subscription against what the host knows now. The parser already checked it when the
/// file was read; call this when plugins are loaded or unloaded (a sink or a plugin's event types may have
/// gone) to find the subscriptions that no longer hold, with errors at their original positions.
/// </summary>
public sealed class SubscriptionValidator
{
    /// <summary>Errors for event types, sinks and filter fields that are no longer known; empty when all hold.</summary>
    public IReadOnlyList<SubscriptionError> Validate(Subscription s, IEventSchemaRegistry schemas, Func<string, bool> sinkExists)
    {
        var errors = new List<SubscriptionError>();
        foreach (var (text, line, column) in s.SourceMap.Patterns)
            if (SubscriptionChecks.CheckPattern(text, schemas) is { } problem)
                errors.Add(new SubscriptionError(s.SourceFile, line, column, problem));

        if (SubscriptionChecks.CheckSink(s.SinkName, sinkExists) is { } sinkProblem)
            errors.Add(new SubscriptionError(s.SourceFile, s.SourceMap.SinkName.Line, s.SourceMap.SinkName.Column, sinkProblem));

        var matchedTypes = s.MatchedTypes(schemas);
        foreach (var (field, line, column) in s.SourceMap.Fields)
            if (SubscriptionChecks.FindField(field, matchedTypes) is null)
                errors.Add(new SubscriptionError(s.SourceFile, line, column, SubscriptionChecks.UnknownFieldMessage(field, matchedTypes)));
        return errors;
    }
}
