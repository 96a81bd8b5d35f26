using System.Runtime.Versioning;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Collectors.WindowsEventLog.Live;
using Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEventLog;

/// <summary>
/// Live recording of the Windows event logs ETW does not cover: the Security log's logons, logoffs and privilege
/// use, and Sysmon's operational log where Sysmon is installed. A channel is followed only while a subscription (or
/// a watcher) wants one of its types; records are mapped by the same mapping as <c>recorder import file.evtx</c>.
/// </summary>
[Collector("windows-eventlog", OperatingSystems = TargetOs.Windows)]
[SupportedOSPlatform("windows")]
public sealed class WindowsEventLogCollector : ICollector
{
    private readonly Dictionary<string, EventLogChannelWatcher> _watchers = new(StringComparer.Ordinal);
    private CollectorContext? _context;
    private volatile IReadOnlySet<string> _wanted = new HashSet<string>();

    /// <inheritdoc />
    public IReadOnlyList<EventSchema> Produces { get; } =
    [
        EventSchemas.SessionLogin, EventSchemas.SessionLogout, EventSchemas.AuthSuccess, EventSchemas.AuthFailure,
        EventSchemas.PrivilegeChange, EventSchemas.ProcessStart, EventSchemas.ProcessExit, EventSchemas.NetworkConnect,
        EventSchemas.NetworkAccept, EventSchemas.DriverLoad, EventSchemas.ImageLoad, EventSchemas.FileCreate,
        EventSchemas.FileDelete, EventSchemas.DnsQuery, EventSchemas.RegistryKeyCreate, EventSchemas.RegistryKeyDelete,
        EventSchemas.RegistryKeyRename, EventSchemas.RegistryValueSet, EventSchemas.RegistryValueDelete,
        .. WindowsSchemas.All,
    ];

    /// <inheritdoc />
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        _context = context;
        Follow(context.WantedTypes);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken)
    {
        Follow(wantedTypes);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        foreach (var watcher in _watchers.Values) watcher.Dispose();
        _watchers.Clear();
        _context?.Services.Diagnostics.SetStatus("channels", "none");
        return Task.FromResult<ReadOnlyMemory<byte>?>(null);
    }

    // Opens the channels some wanted type comes from and closes the others.
    private void Follow(IReadOnlySet<string> wantedTypes)
    {
        _wanted = wantedTypes;
        var context = _context!;
        foreach (var channel in EventLogChannel.All)
        {
            var open = _watchers.TryGetValue(channel.Name, out var watcher);
            if (channel.IsWanted(wantedTypes) && !open)
            {
                if (EventLogChannelWatcher.TryStart(channel, context.Writer, type => _wanted.Contains(type), context.Services.Diagnostics) is { } started)
                    _watchers[channel.Name] = started;
            }
            else if (!channel.IsWanted(wantedTypes) && open)
            {
                watcher!.Dispose();
                _watchers.Remove(channel.Name);
            }
        }
        context.Services.Diagnostics.SetStatus("channels", _watchers.Count == 0 ? "none" : string.Join(", ", _watchers.Keys.Order()));
    }
}
