using Recorder.Contracts.Events;
using Recorder.Windows.EventLog;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

/// <summary>
/// The one mapping from Windows events to Recorder events, whether they come from an .evtx file through our reader
/// or rendered as XML from a live event-log watcher: both give a <see cref="WindowsEvent"/>.
/// </summary>
internal static class WindowsEventMapper
{
    /// <summary>The type <paramref name="e"/> maps to, or null when the mapping ignores it (checked before building the event).</summary>
    public static string? TypeOf(WindowsEvent e) => e.Provider switch
    {
        SysmonMapping.Provider => SysmonMapping.TypeOf(e),
        SecurityLogonMapping.Provider => SecurityLogonMapping.TypeOf(e),
        _ => null,
    };

    /// <summary>The Recorder event for <paramref name="e"/>, or null when the mapping ignores it.</summary>
    public static RecorderEvent? Map(WindowsEvent e) => WithComputer(e.Provider switch
    {
        SysmonMapping.Provider => SysmonMapping.Map(e),
        SecurityLogonMapping.Provider => SecurityLogonMapping.Map(e),
        _ => null,
    }, e);

    /// <summary>
    /// The type an imported <paramref name="e"/> becomes: its typed mapping's, else the generic <c>windows.event</c>
    /// (an imported log keeps all its events; the live collector asks only for the ids the typed mappings know).
    /// </summary>
    public static string ImportTypeOf(WindowsEvent e) => TypeOf(e) ?? GenericEventMapping.TypeName;

    /// <summary>The event an imported <paramref name="e"/> becomes, or null when its typed mapping cannot build it.</summary>
    public static RecorderEvent? MapImported(WindowsEvent e) =>
        TypeOf(e) is null ? WithComputer(GenericEventMapping.Map(e), e) : Map(e);

    private static RecorderEvent? WithComputer(RecorderEvent? recorderEvent, WindowsEvent e)
    {
        if (recorderEvent is not null && !string.IsNullOrEmpty(e.Computer)) recorderEvent.Tags["windows.computer"] = e.Computer;
        return recorderEvent;
    }
}
