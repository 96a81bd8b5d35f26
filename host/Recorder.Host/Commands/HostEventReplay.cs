using Recorder.Contracts.Commands;
using Recorder.Contracts.Events;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;

namespace Recorder.Host.Commands;

/// <summary>
/// <see cref="IEventReplay"/> for commands run by the CLI: a host of its own on the configuration, with sinks,
/// enrichers and routing but no collectors, no folder watchers and no control socket.
/// </summary>
public sealed class HostEventReplay : IEventReplay
{
    private readonly HostConfiguration _configuration;
    private readonly HostLog _log;

    /// <summary>Creates the service; nothing starts until <see cref="OpenAsync"/>.</summary>
    public HostEventReplay(HostConfiguration configuration, HostLog log)
    {
        _configuration = configuration;
        _log = log;
    }

    /// <inheritdoc />
    public async Task<IEventReplaySession> OpenAsync(CancellationToken cancellationToken)
    {
        var host = new RecorderHost(_configuration, _log, new RecorderHostOptions
        {
            StartCollectors = false,
            WatchFolders = false,
            OpenControlSocket = false,
            RequireRootOwnedPlugins = Environment.UserName == "root",
        });
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var wanted = host.Subscriptions.SelectMany(s => s.MatchedTypes(host.Schemas)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return new Session(host, wanted);
    }

    private sealed class Session(RecorderHost host, IReadOnlySet<string> wanted) : IEventReplaySession
    {
        public IReadOnlySet<string> WantedEventTypes => wanted;

        public Task<long> ReplayAsync(IEnumerable<RecorderEvent> events, CancellationToken cancellationToken) => host.ReplayAsync(events, cancellationToken);

        // The session's host is its own (started for this replay), so its sink counters count this replay only.
        public IReadOnlyList<ReplaySinkResult> SinkResults => host.SinkTotals().Select(t => new ReplaySinkResult(t.Domain, t.Written, t.Lost)).ToArray();

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync().ConfigureAwait(false);
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
