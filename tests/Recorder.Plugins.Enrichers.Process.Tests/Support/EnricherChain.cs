using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Enrichers.Process.Hashes;
using Recorder.Plugins.Enrichers.Process.Paths;
using Recorder.Plugins.Enrichers.Process.ProcessTable;
using Recorder.Plugins.Enrichers.Process.Users;

namespace Recorder.Plugins.Enrichers.Process.Tests.Support;

/// <summary>The four enrichers in their export order, as the host runs them.</summary>
internal sealed class EnricherChain : IAsyncDisposable
{
    public ProcessTableEnricher ProcessTable { get; } = new();
    public UserEnricher Users { get; } = new();
    public PathEnricher Paths { get; } = new();
    public HashEnricher Hashes { get; } = new();
    private IEnricher[] All => [ProcessTable, Users, Paths, Hashes];
    private bool _stopped;

    public static async Task<EnricherChain> StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handover = null)
    {
        var chain = new EnricherChain();
        await chain.ProcessTable.StartAsync(services, handover, default);
        foreach (var e in chain.All.Skip(1)) await e.StartAsync(services, null, default);
        return chain;
    }

    public RecorderEvent Enrich(RecorderEvent e)
    {
        foreach (var enricher in All) enricher.Enrich(e);
        return e;
    }

    /// <summary>Stops every enricher; returns the process table's hand-over state.</summary>
    public async Task<ReadOnlyMemory<byte>?> StopAsync()
    {
        _stopped = true;
        ReadOnlyMemory<byte>? state = null;
        foreach (var e in All)
        {
            var s = await e.StopAsync(default);
            if (e == ProcessTable) state = s;
        }
        return state;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped) await StopAsync();
    }
}
