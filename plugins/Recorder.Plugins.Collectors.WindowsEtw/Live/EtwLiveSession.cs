using System.Runtime.Versioning;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Session;

namespace Recorder.Plugins.Collectors.WindowsEtw.Live;

/// <summary>
/// The real-time kernel session: a named session, which Windows 8+ runs as a system logger beside other kernel
/// sessions (the NT Kernel Logger may be someone else's), with the planned kernel keywords and user providers, buffers
/// sized for bursts, and a flush every few milliseconds so bursts do not wait in full buffers. Its
/// <see cref="Source"/> feeds the same mapping the .etl import uses.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class EtwLiveSession : IDisposable
{
    private readonly TraceEventSession _session;
    private readonly Timer _flush;

    public EtwLiveSession(EtwSettings settings, EtwSessionPlan plan, Version os)
    {
        var name = WindowsFeatureMatrix.HasSystemLoggers(os) ? settings.SessionName : KernelTraceEventParserSessionName;
        _session = new TraceEventSession(name, TraceEventSessionOptions.Create)
        {
            BufferQuantumKB = settings.BufferKb,
            BufferSizeMB = Math.Max(64, settings.BufferKb * Environment.ProcessorCount * 4 / 1024),
            StopOnDispose = true,
        };
        // The kernel provider first and once; then the user-mode providers.
        _session.EnableKernelProvider(plan.Kernel);
        foreach (var (provider, keywords) in plan.UserProviders())
            _session.EnableProvider(provider, TraceEventLevel.Informational, keywords);
        _flush = new Timer(_ => Flush(), null, settings.FlushMs, settings.FlushMs);
        SessionName = name;
    }

    private static string KernelTraceEventParserSessionName => Microsoft.Diagnostics.Tracing.Parsers.KernelTraceEventParser.KernelSessionName;

    public string SessionName { get; }

    public TraceEventDispatcher Source => _session.Source;

    /// <summary>Delivers events to the source's subscribers until the session stops (blocks).</summary>
    public void Process() => _session.Source.Process();

    /// <summary>(EventsLost, RealTimeBuffersLost) so far.</summary>
    public (long EventsLost, long RealTimeBuffersLost) Losses() =>
        EtwSessionQuery.Losses(SessionName) ?? (_session.EventsLost, 0);

    private void Flush()
    {
        try { _session.Flush(); }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _flush.Dispose();
        _session.Dispose();
    }
}
