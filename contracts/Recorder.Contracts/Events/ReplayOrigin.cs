namespace Recorder.Contracts.Events;

/// <summary>
/// Where a replayed event came from (<see cref="RecorderEvent.Replay"/>). A replayed event happened in the past,
/// possibly on another machine: enrichers must take what they add from the event and the replayed log's earlier
/// events, never from the machine the replay runs on (<c>/proc</c>, boot id, the user database, files, sockets).
/// </summary>
/// <param name="LogId">
/// A stable identity of the replayed history (its first record and the host it was recorded on): the same log
/// replayed twice, on any boot of any machine, has the same id. Enrichers derive process GUIDs from it.
/// </param>
/// <param name="HostName">The host the log was recorded on, when the log says (<c>node=</c>).</param>
public sealed record ReplayOrigin(string LogId, string? HostName);
