using System.Diagnostics;
using System.Runtime.Versioning;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.EndpointSecurity;
using Recorder.Plugins.Collectors.MacOS.FsEvents;
using Recorder.Plugins.Collectors.MacOS.Live;
using Recorder.Plugins.Collectors.MacOS.Processes;

namespace Recorder.Plugins.Collectors.MacOS;

/// <summary>
/// Live recording on a Mac: EndpointSecurity through eslogger where it exists (macOS 13+), else OpenBSM through an
/// auditpipe clone preselected on Recorder's own audit class. The decoding and mapping are the importers'; only the
/// Live/ classes touch the OS.
/// </summary>
[Collector("macos", OperatingSystems = TargetOs.MacOS)]
[SupportedOSPlatform("macos")]
public sealed class MacOSCollector : ICollector
{
    private const string CollectorName = "macos";

    private CancellationTokenSource? _stop;
    private Task? _reading;
    private IDisposable? _source;
    private MacOSSettings _settings = new();
    private bool _classInstalled;
    private FsEventStream? _fsEvents;

    /// <inheritdoc />
    public IReadOnlyList<EventSchema> Produces { get; } =
    [
        EventSchemas.ProcessStart, EventSchemas.ProcessExit, EventSchemas.FileCreate, EventSchemas.FileWrite,
        EventSchemas.FileRead, EventSchemas.FileRename, EventSchemas.FileDelete, EventSchemas.NetworkConnect,
        EventSchemas.NetworkAccept, EventSchemas.NetworkBind, EventSchemas.SessionLogin, EventSchemas.SessionLogout,
        EventSchemas.AuthSuccess, EventSchemas.AuthFailure, EventSchemas.PrivilegeChange, EventSchemas.DriverLoad,
        EventSchemas.FileOwner, // from FSEvents' change-owner flag
    ];

    /// <inheritdoc />
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        _settings = context.Services.Settings.Bind<MacOSSettings>();
        _stop = new CancellationTokenSource();
        var diagnostics = context.Services.Diagnostics;
        var processes = new MacProcessTable(MacProcessGuid.ForMachine(Environment.MachineName));
        StartFsEvents(context);
        var useEs = _settings.Source == "endpointsecurity" || _settings.Source == "auto" && File.Exists(EsloggerProcess.Path);
        if (useEs)
        {
            var eslogger = new EsloggerProcess(EsloggerSelection.For(context.WantedTypes));
            _source = eslogger;
            var mapper = new EsloggerEventMapper(processes, context.WantedTypes.Contains);
            _reading = Task.Run(() => ReadEslogger(eslogger, mapper, context), CancellationToken.None);
            diagnostics.SetStatus("source", "endpointsecurity (eslogger)");
            return Task.CompletedTask;
        }
        var preselection = InstallAuditClass(context.WantedTypes, diagnostics);
        FileStream pipe;
        try
        {
            pipe = AuditPipe.Open(preselection);
        }
        catch (IOException ex)
        {
            // Audit is off by default from macOS 14: say what to do instead of failing silently.
            diagnostics.ReportHealth("bsm", false,
                $"{ex.Message}. Enable audit (macOS 14+: 'sudo launchctl enable system/com.apple.auditd' and reboot) or use source: endpointsecurity.");
            throw;
        }
        _source = pipe;
        var bsm = new BsmEventMapper(processes, context.WantedTypes.Contains);
        _reading = Task.Run(() => ReadPipe(pipe, bsm, context), CancellationToken.None);
        diagnostics.SetStatus("source", $"bsm (auditpipe, class 'rec' 0x{preselection.ClassMask:x8})");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken)
    {
        // BSM: the class follows the subscriptions (the pipe's masks stay: the bit is the same). eslogger's kinds
        // are fixed at its start; the recorder restarts the collector when they grow.
        if (_classInstalled) ApplyAuditClass(wantedTypes);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        _fsEvents?.Dispose();
        _fsEvents = null;
        _stop?.Cancel();
        _source?.Dispose();
        if (_reading is not null) await _reading.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (_classInstalled)
        {
            var (classes, events) = AuditConfiguration.Uninstall(File.ReadAllText(_settings.AuditClassFile), File.ReadAllText(_settings.AuditEventFile));
            File.WriteAllText(_settings.AuditClassFile, classes);
            File.WriteAllText(_settings.AuditEventFile, events);
            RefreshKernelEvents();
        }
        return null;
    }

    private AuditPipePreselection InstallAuditClass(IReadOnlySet<string> wantedTypes, IPluginDiagnostics diagnostics)
    {
        var result = ApplyAuditClass(wantedTypes);
        _classInstalled = true;
        diagnostics.SetStatus("bsm_events", result.Events.Count.ToString());
        return new AuditPipePreselection(result.ClassMask, _settings.QueueLimit);
    }

    private AuditConfiguration.Result ApplyAuditClass(IEnumerable<string> wantedTypes)
    {
        var result = AuditConfiguration.Apply(File.ReadAllText(_settings.AuditClassFile), File.ReadAllText(_settings.AuditEventFile), wantedTypes);
        File.WriteAllText(_settings.AuditClassFile, result.ClassText);
        File.WriteAllText(_settings.AuditEventFile, result.EventText);
        RefreshKernelEvents();
        return result;
    }

    /// <summary><c>audit -s</c>: the kernel rereads audit_event's event-to-class mapping.</summary>
    private static void RefreshKernelEvents()
    {
        using var audit = Process.Start(new ProcessStartInfo("/usr/sbin/audit", "-s") { UseShellExecute = false });
        audit?.WaitForExit(5000);
    }

    private void ReadPipe(FileStream pipe, BsmEventMapper mapper, CollectorContext context)
    {
        var statistics = new BsmTrailStatistics();
        try
        {
            foreach (var record in BsmTrailReader.Read(pipe, statistics, _stop!.Token))
            {
                if (mapper.Map(record) is { } e) Write(e, context);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // stopping
        }
    }

    private void ReadEslogger(EsloggerProcess eslogger, EsloggerEventMapper mapper, CollectorContext context)
    {
        var malformed = context.Services.Diagnostics.Counter("malformed_messages");
        try
        {
            while (!_stop!.IsCancellationRequested && eslogger.Output.ReadLine() is { } line)
            {
                try
                {
                    foreach (var e in mapper.Map(line)) Write(e, context);
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    malformed.Increment();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // stopping
        }
    }

    // File changes under the configured folders, without process (FSEvents knows none), beside the attributed
    // source; only while a file type is wanted.
    private void StartFsEvents(CollectorContext context)
    {
        var diagnostics = context.Services.Diagnostics;
        if (_settings.FseventsPaths.Count == 0 || !context.WantedTypes.Any(t => t.StartsWith("file.", StringComparison.Ordinal)))
        {
            diagnostics.SetStatus("fsevents", "off");
            return;
        }
        var mapper = new FsEventStreamMapper(context.WantedTypes.Contains);
        try
        {
            _fsEvents = FsEventStream.Start(_settings.FseventsPaths, TimeSpan.FromMilliseconds(_settings.FseventsLatencyMs),
                (path, flags, id) =>
                {
                    foreach (var e in mapper.Map(path, flags, id, DateTime.UtcNow)) context.Writer.TryWrite(e);
                });
            diagnostics.SetStatus("fsevents", string.Join(", ", _settings.FseventsPaths));
        }
        catch (Exception ex) when (ex is IOException or DllNotFoundException or EntryPointNotFoundException)
        {
            diagnostics.ReportHealth("fsevents", false, ex.Message);
        }
    }

    private static void Write(RecorderEvent e, CollectorContext context)
    {
        e.Collector = CollectorName;
        context.Writer.TryWrite(e);
    }
}
