namespace Recorder.Host.Platform;

/// <summary>
/// A local, administrator-only stream channel between the running host and the `recorder` command. The address is
/// a path in the host's data folder (<c>&lt;data&gt;/recorder.sock</c>); each platform maps it to what it uses.
/// </summary>
public interface IControlChannel
{
    /// <summary>Starts listening at <paramref name="address"/>, replacing a stale endpoint left by a crashed host.</summary>
    IControlListener Listen(string address);

    /// <summary>Connects to a host listening at <paramref name="address"/>; throws <see cref="IOException"/> (or a subclass such as <see cref="System.Net.Sockets.SocketException"/>) when none is.</summary>
    Task<Stream> ConnectAsync(string address, CancellationToken cancellationToken);
}

/// <summary>The listening end of an <see cref="IControlChannel"/>. Disposing stops listening and removes the endpoint.</summary>
public interface IControlListener : IDisposable
{
    /// <summary>Waits for the next client; the stream is the connection, disposed by the caller.</summary>
    Task<Stream> AcceptAsync(CancellationToken cancellationToken);
}
