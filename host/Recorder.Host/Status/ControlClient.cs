using System.Net.Sockets;
using System.Text;

namespace Recorder.Host.Status;

/// <summary>Talks to a running host's control socket.</summary>
public static class ControlClient
{
    /// <summary>Sends <paramref name="command"/> and returns the JSON answer, or throws when no host is listening.</summary>
    public static async Task<string> SendAsync(string socketPath, string command, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), cts.Token).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cts.Token).ConfigureAwait(false);
    }
}
