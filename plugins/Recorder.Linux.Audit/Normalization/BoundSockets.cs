using System.Net;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// The addresses processes bound their sockets to, by (pid, descriptor), as the bind events of the same history told
/// them: an accept on that descriptor arrived on that address and port. Works for replays too, where the sockets are
/// long gone. A process's entries are forgotten when it exits; the table is bounded.
/// </summary>
internal sealed class BoundSockets
{
    private const int MaxEntries = 65_536;
    private readonly Dictionary<(long Pid, long Fd), SocketEndpoint> _bound = [];

    public void Bound(long pid, long fd, IPAddress address, int port)
    {
        if (_bound.Count >= MaxEntries) _bound.Clear(); // a server that binds that many sockets is unusual: start over
        _bound[(pid, fd)] = new SocketEndpoint(address, port);
    }

    public SocketEndpoint? Find(long pid, long fd) => _bound.TryGetValue((pid, fd), out var endpoint) ? endpoint : null;

    public void Exited(long pid)
    {
        if (_bound.Count == 0) return;
        foreach (var key in _bound.Keys.Where(k => k.Pid == pid).ToList()) _bound.Remove(key);
    }
}
