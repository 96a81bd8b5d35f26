using System.Diagnostics.Eventing.Reader;
using System.Runtime.Versioning;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Collectors.WindowsEventLog.Mapping;
using Recorder.Windows.EventLog;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Live;

/// <summary>
/// Follows one event log channel live (the Windows Event Log service's subscription API, through
/// <see cref="EventLogWatcher"/>). Each record arrives rendered as XML; it is parsed into the same
/// <see cref="WindowsEvent"/> our EVTX reader gives, so the one mapping serves live records and imported files.
/// The only class of the plugin that calls Windows.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class EventLogChannelWatcher : IDisposable
{
    private readonly EventLogWatcher _watcher;
    private readonly EventLogChannel _channel;
    private readonly IEventWriter _writer;
    private readonly Func<string, bool> _isWanted;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly IPluginCounter _received;
    private readonly IPluginCounter _written;
    private readonly IPluginCounter _dropped;
    private readonly IPluginCounter _unreadable;

    private EventLogChannelWatcher(EventLogChannel channel, IEventWriter writer, Func<string, bool> isWanted, IPluginDiagnostics diagnostics)
    {
        _channel = channel;
        _writer = writer;
        _isWanted = isWanted;
        _diagnostics = diagnostics;
        var domain = "channel " + channel.Name;
        _received = diagnostics.Counter(domain + " received");
        _written = diagnostics.Counter(domain + " written");
        _dropped = diagnostics.Counter(domain + " dropped");
        _unreadable = diagnostics.Counter(domain + " unreadable");
        // Only future records: history before the start belongs to `recorder import`.
        _watcher = new EventLogWatcher(new EventLogQuery(channel.Name, PathType.LogName, channel.Query));
        _watcher.EventRecordWritten += OnRecord;
    }

    /// <summary>
    /// Starts following <paramref name="channel"/>, or returns null and says why in status when the channel does not
    /// exist (Sysmon not installed) or cannot be read (not an administrator, auditing off).
    /// </summary>
    public static EventLogChannelWatcher? TryStart(EventLogChannel channel, IEventWriter writer, Func<string, bool> isWanted, IPluginDiagnostics diagnostics)
    {
        EventLogChannelWatcher? watcher = null;
        try
        {
            watcher = new EventLogChannelWatcher(channel, writer, isWanted, diagnostics);
            watcher._watcher.Enabled = true;
            diagnostics.ReportHealth("channel " + channel.Name, true, "following " + channel.Query);
            return watcher;
        }
        catch (Exception ex) when (ex is EventLogNotFoundException or EventLogException or UnauthorizedAccessException)
        {
            watcher?.Dispose();
            diagnostics.ReportHealth("channel " + channel.Name, false, ex is EventLogNotFoundException
                ? $"the channel does not exist on this machine ({(channel == EventLogChannel.Sysmon ? "Sysmon is not installed" : ex.Message)}): its types are not recorded"
                : $"cannot follow it: {ex.Message}");
            return null;
        }
    }

    private void OnRecord(object? sender, EventRecordWrittenEventArgs args)
    {
        if (args.EventException is { } error)
        {
            _unreadable.Increment();
            _diagnostics.Log(PluginLogLevel.Warning, $"{_channel.Name}: a record could not be read", error);
            return;
        }
        using var record = args.EventRecord;
        if (record is null) return;
        _received.Increment();
        try
        {
            var windowsEvent = RenderedEventXml.Parse(record.ToXml());
            if (WindowsEventMapper.TypeOf(windowsEvent) is not { } type || !_isWanted(type)) return;
            if (WindowsEventMapper.Map(windowsEvent) is not { } recorderEvent) return;
            if (_writer.TryWrite(recorderEvent)) _written.Increment();
            else _dropped.Increment();
        }
        catch (Exception ex) when (ex is FormatException or System.Xml.XmlException or InvalidDataException or EventLogException)
        {
            _unreadable.Increment();
            _diagnostics.Log(PluginLogLevel.Warning, $"{_channel.Name}: record {record.RecordId} could not be mapped: {ex.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher.EventRecordWritten -= OnRecord;
        _watcher.Dispose();
    }
}
