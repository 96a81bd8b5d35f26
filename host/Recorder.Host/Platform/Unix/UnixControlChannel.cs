using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Recorder.Host.Platform;

/// <summary>Linux and macOS: a Unix domain socket file, mode 0600 (root only), in the root-only data folder.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class UnixControlChannel : IControlChannel
{
    public IControlListener Listen(string address)
    {
        if (File.Exists(address)) File.Delete(address);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(address));
            File.SetUnixFileMode(address, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(16);
            return new Listener(socket, address);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<Stream> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(address), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class Listener(Socket socket, string path) : IControlListener
    {
        public async Task<Stream> AcceptAsync(CancellationToken cancellationToken) =>
            new NetworkStream(await socket.AcceptAsync(cancellationToken).ConfigureAwait(false), ownsSocket: true);

        public void Dispose()
        {
            socket.Dispose();
            try { File.Delete(path); } catch (IOException) { }
        }
    }
}
