using System.Runtime.Versioning;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Collectors.WindowsEtw.Live;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEtw;

/// <summary>
/// Live recording on Windows: a real-time kernel session through TraceEvent (Live/), its events mapped by the same
/// mapping <c>recorder import file.etl</c> uses. At start it shows in status which event types this Windows version can
/// deliver and why not; while it runs it polls the session's lost events and buffers into status and loss markers.
/// </summary>
[Collector("windows-etw", OperatingSystems = TargetOs.Windows)]
[SupportedOSPlatform("windows")]
public sealed class EtwCollector : ICollector
{
    private const string CollectorName = "windows-etw";

    private EtwLiveSession? _session;
    private Thread? _reading;
    private Timer? _lossPoll;
    private volatile IReadOnlySet<string> _wanted = new HashSet<string>();

    /// <inheritdoc />
    public IReadOnlyList<EventSchema> Produces { get; } =
    [
        EventSchemas.ProcessStart, EventSchemas.ProcessExit, EventSchemas.ImageLoad, EventSchemas.DriverLoad,
        EventSchemas.FileCreate, EventSchemas.FileWrite, EventSchemas.FileDelete, EventSchemas.FileRename,
        EventSchemas.RegistryKeyCreate, EventSchemas.RegistryKeyDelete, EventSchemas.RegistryValueSet, EventSchemas.RegistryValueDelete,
        EventSchemas.NetworkConnect, EventSchemas.NetworkAccept, EventSchemas.DnsQuery,
    ];

    /// <inheritdoc />
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        var settings = context.Services.Settings.Bind<EtwSettings>();
        var diagnostics = context.Services.Diagnostics;
        var os = Environment.OSVersion.Version;
        _wanted = context.WantedTypes;
        diagnostics.SetStatus("windows_version", os.ToString());
        foreach (var feature in WindowsFeatureMatrix.For(os))
            diagnostics.SetStatus($"feature.{feature.EventType}", feature.Available
                ? feature.Limitation is null ? $"yes ({feature.Source})" : $"yes ({feature.Source}): {feature.Limitation}"
                : $"no: {feature.Limitation}");
        diagnostics.SetStatus("process_start_key", WindowsFeatureMatrix.StartKeySource(os));

        var plan = EtwSessionPlan.For(context.WantedTypes, os);
        _session = new EtwLiveSession(settings, plan, os);
        diagnostics.SetStatus("session", $"{_session.SessionName} (kernel keywords {plan.Kernel}; buffers {settings.BufferKb} KB, flush {settings.FlushMs} ms)");

        var mapper = new EtwEventMapper(new EtwProcessTable(Environment.MachineName), type => _wanted.Contains(type), e => Write(e, context))
        {
            Undecodable = (_, _) => diagnostics.Counter("undecodable_events").Increment(),
        };
        mapper.Attach(_session.Source);
        _reading = new Thread(() => _session.Process()) { IsBackground = true, Name = "etw-session" };
        _reading.Start();

        var losses = new EtwLossMonitor(DateTime.UtcNow);
        _lossPoll = new Timer(_ =>
        {
            var (events, buffers) = _session.Losses();
            diagnostics.SetStatus("events_lost", events.ToString(System.Globalization.CultureInfo.InvariantCulture));
            diagnostics.SetStatus("realtime_buffers_lost", buffers.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var marker in losses.Poll(events, buffers, DateTime.UtcNow)) Write(marker, context);
        }, null, TimeSpan.FromSeconds(settings.LossPollSeconds), TimeSpan.FromSeconds(settings.LossPollSeconds));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken)
    {
        // The mapping follows at once; the kernel keywords are fixed at start (the recorder restarts the collector when they grow).
        _wanted = wantedTypes;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        _lossPoll?.Dispose();
        _session?.Dispose(); // stops the session: Process() returns
        _reading?.Join(TimeSpan.FromSeconds(5));
        return Task.FromResult<ReadOnlyMemory<byte>?>(null);
    }

    private static void Write(RecorderEvent e, CollectorContext context)
    {
        e.Collector = CollectorName;
        context.Writer.TryWrite(e);
    }
}
