using Recorder.MacOS.Bsm;

namespace Recorder.Plugins.Collectors.MacOS.Bsm;

/// <summary>
/// Installs and removes Recorder's own audit class: the class line in audit_class and the class on each wanted event
/// in audit_event. Running it again with the same subscriptions changes nothing; with other subscriptions the events
/// follow; <see cref="Uninstall"/> leaves the files as they were before.
/// </summary>
internal static class AuditConfiguration
{
    public const string ClassName = "rec";
    public const string ClassDescription = "Recorder (endpoint flight recorder)";

    /// <summary>What the edit did: our class's mask, the events now in it, and how many event lines changed.</summary>
    public sealed record Result(uint ClassMask, IReadOnlySet<ushort> Events, int ChangedEventLines, string ClassText, string EventText);

    public static Result Apply(string auditClassText, string auditEventText, IEnumerable<string> wantedEventTypes)
    {
        var classes = AuditClassFile.Parse(auditClassText);
        var mask = classes.Ensure(ClassName, ClassDescription);
        var events = AuditEventFile.Parse(auditEventText);
        var wanted = BsmEventSelection.For(wantedEventTypes).Where(events.Defined.Contains).ToHashSet();
        var changed = events.Assign(ClassName, wanted);
        return new Result(mask, events.EventsOf(ClassName), changed, classes.ToString(), events.ToString());
    }

    public static (string ClassText, string EventText) Uninstall(string auditClassText, string auditEventText)
    {
        var classes = AuditClassFile.Parse(auditClassText);
        classes.Remove(ClassName);
        var events = AuditEventFile.Parse(auditEventText);
        events.RemoveClass(ClassName);
        return (classes.ToString(), events.ToString());
    }
}
