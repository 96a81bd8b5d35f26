using System.Text;
using System.Text.Json;
using Recorder.Host.Platform;

namespace Recorder.Host.Watching;

/// <summary>
/// The client end of the watch protocol (what <c>recorder watch</c> uses, and what a local module written in .NET
/// can use): connects to the control socket, sends the request, checks the host's first line, then hands out the
/// event lines until the host's last line.
/// </summary>
public sealed class WatchClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;

    private WatchClient(Stream stream, JsonElement started)
    {
        _stream = stream;
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        Started = started;
    }

    /// <summary>The host's first line (<c>{"watch":"started",...}</c>).</summary>
    public JsonElement Started { get; private set; }

    /// <summary>The host's last line (<c>{"watch":"end","reason":...}</c>) once it came; null before, or when the connection broke without one.</summary>
    public JsonElement? End { get; private set; }

    /// <summary>
    /// Connects and sends <paramref name="request"/>. Throws <see cref="WatchRequestException"/> when the host refuses
    /// it, and an <see cref="IOException"/> or <see cref="System.Net.Sockets.SocketException"/> when no host listens.
    /// </summary>
    public static async Task<WatchClient> ConnectAsync(string socketPath, WatchRequest request, CancellationToken cancellationToken, IControlChannel? channel = null)
    {
        var stream = await (channel ?? HostPlatform.Current.ControlChannel).ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToLine() + "\n"), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var client = new WatchClient(stream, default);
            var first = await client._reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                        ?? throw new IOException("the host closed the connection without answering the watch request");
            var answer = JsonDocument.Parse(first).RootElement.Clone();
            var kind = answer.TryGetProperty("watch", out var w) ? w.GetString() : null;
            if (kind == "error") throw new WatchRequestException(answer.GetProperty("error").GetString() ?? "refused");
            if (kind != "started")
                throw new IOException(answer.TryGetProperty("error", out var error)
                    ? $"the host does not know the watch protocol: {error.GetString()}"
                    : "unexpected first line from the host: " + first);
            client.Started = answer;
            return client;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next event line (one JSON document, as text); null once the host sent its last line or the connection closed.</summary>
    public async Task<string?> ReadEventAsync(CancellationToken cancellationToken)
    {
        if (End is not null) return null;
        var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is null) return null;
        if (IsControlLine(line))
        {
            End = JsonDocument.Parse(line).RootElement.Clone();
            return null;
        }
        return line;
    }

    /// <summary>True for the host's own lines: objects whose first key is <c>watch</c> (events never have that key).</summary>
    public static bool IsControlLine(string line) => line.StartsWith("{\"watch\":", StringComparison.Ordinal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
