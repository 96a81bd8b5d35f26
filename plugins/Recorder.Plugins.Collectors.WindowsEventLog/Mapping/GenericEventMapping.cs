using Recorder.Contracts.Events;
using Recorder.Windows.EventLog;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

/// <summary>
/// Any Windows event the typed mappings do not cover, as <c>windows.event</c>: provider, channel, event id and record
/// number as fields, every EventData/UserData field as the tag <c>windows.data.&lt;Name&gt;</c> with the value as
/// Windows rendered it, so an imported log's other events stay in the history and Sigma service rules can read them.
/// </summary>
internal static class GenericEventMapping
{
    public static string TypeName => WindowsSchemas.WindowsEvent.Name;

    public static RecorderEvent Map(WindowsEvent e)
    {
        var schema = WindowsSchemas.WindowsEvent;
        var recorderEvent = new RecorderEvent(schema) { Time = e.TimeCreated };
        recorderEvent.Set(schema.Provider, e.Provider);
        recorderEvent.Set(schema.Channel, string.IsNullOrEmpty(e.Channel) ? null : e.Channel);
        recorderEvent.Set(schema.EventId, e.EventId);
        recorderEvent.Set(schema.RecordId, (long)e.RecordId);
        if (!string.IsNullOrEmpty(e.UserSid)) recorderEvent.Tags["windows.user_sid"] = e.UserSid;
        foreach (var (name, value) in e.Data)
        {
            if (string.IsNullOrEmpty(value)) continue;
            // Names lose their spaces (Defender writes "Threat Name"; Sigma rules and other tools say ThreatName).
            // Fields without a name (classic providers) are all called Data: the second is Data_2, and so on.
            var baseName = WindowsEventSchema.DataTagPrefix + name.Replace(" ", "", StringComparison.Ordinal);
            var tag = baseName;
            for (var n = 2; recorderEvent.Tags.ContainsKey(tag); n++) tag = $"{baseName}_{n}";
            recorderEvent.Tags[tag] = value;
        }
        return recorderEvent;
    }
}
