using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Recorder.Host.Diagnostics;
using Recorder.Host.Platform;

namespace Recorder.Host.Status;

/// <summary>
/// The running host's control socket: on Linux and macOS a Unix domain socket readable and writable by root only
/// (mode 0600 in a root-only data folder), on Windows a named pipe only Administrators and SYSTEM may open (see
/// <see cref="IControlChannel"/>). A client sends one line naming a command; the host answers with one JSON
/// document and closes. Commands: <c>status</c>, and whatever the host registers (such as reloading rules).
/// A streaming request (<c>watch</c>, see <see cref="Watching.WatchHub"/>) keeps the connection instead: its handler
/// owns the stream until it is done, without the answer timeout.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    /// <summary>How long a client may take to send its request line.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    /// <summary>How long an answer may take (the client waits as long).</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(10);

    private readonly string _path;
    private readonly Func<string, CancellationToken, Task<object>> _handler;
    private readonly HostLog _log;
    private readonly IControlChannel _channel;
    private readonly Func<string, Stream, CancellationToken, Task<bool>>? _streaming;
    private readonly CancellationTokenSource _stop = new();
    private IControlListener? _listener;
    private Task? _acceptLoop;

    /// <summary>
    /// Creates a server on <paramref name="path"/> that answers with <paramref name="handler"/>; <paramref name="streaming"/>
    /// is offered each request first and returns true when it served the connection itself.
    /// </summary>
    public ControlServer(string path, Func<string, CancellationToken, Task<object>> handler, HostLog log, IControlChannel? channel = null,
        Func<string, Stream, CancellationToken, Task<bool>>? streaming = null)
    {
        _path = path;
        _handler = handler;
        _streaming = streaming;
        _log = log;
        _channel = channel ?? HostPlatform.Current.ControlChannel;
    }

    /// <summary>Binds the socket and starts accepting.</summary>
    public void Start()
    {
        _listener = _channel.Listen(_path);
        _acceptLoop = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Stream client;
            try { client = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (IOException ex) { _log.Warn("control", "accept failed", ex); continue; }
            catch (SocketException ex) { _log.Warn("control", "accept failed", ex); continue; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Stream client)
    {
        await using var stream = client;
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(RequestTimeout);
            var command = (await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false))?.Trim() ?? "";
            // The client sends nothing after its request line, so the reader has buffered nothing the handler misses.
            if (_streaming is not null && await _streaming(command, stream, _stop.Token).ConfigureAwait(false)) return;
            // A request arrives at once; an answer may take a while (a plugin command over a large store).
            timeout.CancelAfter(AnswerTimeout);
            object response;
            try { response = await _handler(command, timeout.Token).ConfigureAwait(false); }
            catch (Exception ex) { response = new { error = ex.Message }; }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, response.GetType(), ControlJson.Options);
            await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            _log.Debug("control", "client went away: " + ex.Message);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
    }
}

/// <summary>JSON settings shared by the control server and client.</summary>
public static class ControlJson
{
    /// <summary>snake_case names, indented for people reading <c>--json</c>.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
