using System.Collections.Concurrent;

namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// The Sigma fields of an untyped Windows event (<c>windows.event</c>), whatever its logsource: the header fields
/// every Windows rule may use (<c>EventID</c>, <c>Provider_Name</c>, <c>Channel</c>, <c>Computer</c>,
/// <c>Security_UserID</c>), and every other name read from the tag <c>windows.data.&lt;name&gt;</c> the EVTX mapping
/// copied the EventData/UserData field into, as Windows rendered it. Data names are matched exactly (as Windows
/// writes them), header names in any case.
/// </summary>
internal static class WindowsEventFields
{
    private const string DataTagPrefix = "windows.data.";

    // The tag name of each Sigma field asked for, made once (rule field names are a bounded set).
    private static readonly ConcurrentDictionary<string, string> DataTags = new(StringComparer.Ordinal);

    public static object? Read(string sigmaField, IEventFields e)
    {
        if (sigmaField.Equals("EventID", StringComparison.OrdinalIgnoreCase)) return e.Get("windows.event_id");
        if (sigmaField.Equals("Provider_Name", StringComparison.OrdinalIgnoreCase)) return e.Get("windows.provider");
        if (sigmaField.Equals("Channel", StringComparison.OrdinalIgnoreCase)) return e.Get("windows.channel");
        if (sigmaField.Equals("Computer", StringComparison.OrdinalIgnoreCase)) return e.Tag("windows.computer");
        if (sigmaField.Equals("Security_UserID", StringComparison.OrdinalIgnoreCase)) return e.Tag("windows.user_sid");
        return e.Tag(DataTags.GetOrAdd(sigmaField, static name => DataTagPrefix + name));
    }
}
