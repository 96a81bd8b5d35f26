using System.Text;
using Recorder.Host.Platform;

namespace Recorder.Host.Status;

/// <summary>Talks to a running host's control socket (a Unix socket, or on Windows a named pipe).</summary>
public static class ControlClient
{
    /// <summary>Sends <paramref name="command"/> and returns the JSON answer, or throws (an <see cref="IOException"/>, a
    /// <see cref="System.Net.Sockets.SocketException"/> or <see cref="OperationCanceledException"/>) when no host is listening.</summary>
    public static async Task<string> SendAsync(string socketPath, string command, TimeSpan timeout, IControlChannel? channel = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        await using var stream = await (channel ?? HostPlatform.Current.ControlChannel).ConnectAsync(socketPath, cts.Token).ConfigureAwait(false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), cts.Token).ConfigureAwait(false);
        await stream.FlushAsync(cts.Token).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cts.Token).ConfigureAwait(false);
    }
}
