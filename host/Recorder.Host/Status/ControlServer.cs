using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Recorder.Host.Diagnostics;

namespace Recorder.Host.Status;

/// <summary>
/// The running host's control socket: a Unix domain socket readable and writable by root only (mode 0600 in
/// a root-only data folder). A client sends one line naming a command; the host answers with one JSON
/// document and closes. Commands: <c>status</c>, and whatever the host registers (such as reloading rules).
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
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _acceptLoop;

    /// <summary>Creates a server on <paramref name="path"/> that answers with <paramref name="handler"/>.</summary>
    public ControlServer(string path, Func<string, CancellationToken, Task<object>> handler, HostLog log)
    {
        _path = path;
        _handler = handler;
        _log = log;
    }

    /// <summary>Binds the socket and starts accepting.</summary>
    public void Start()
    {
        if (File.Exists(_path)) File.Delete(_path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_path));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(16);
        _listener = listener;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException ex) { _log.Warn("control", "accept failed", ex); continue; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(RequestTimeout);
            var command = (await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false))?.Trim() ?? "";
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
        try { File.Delete(_path); } catch (IOException) { }
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
