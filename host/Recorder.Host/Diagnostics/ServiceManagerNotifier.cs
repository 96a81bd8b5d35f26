using System.Net.Sockets;
using System.Text;

namespace Recorder.Host.Diagnostics;

/// <summary>
/// Tells systemd (a <c>Type=notify</c> unit) where the host is in its lifecycle: <c>READY=1</c> once it records,
/// <c>STOPPING=1</c> when it begins to stop. The protocol is one datagram per message to the Unix socket named by
/// <c>$NOTIFY_SOCKET</c> (a path, or an abstract name starting with '@'); without that variable (a terminal, a test,
/// another service manager) every call does nothing. A few lines instead of Microsoft.Extensions.Hosting.Systemd,
/// which would bring the generic host along for two messages.
/// </summary>
public sealed class ServiceManagerNotifier
{
    /// <summary>The variable systemd sets for a <c>Type=notify</c> service.</summary>
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly string? _socketAddress;

    public ServiceManagerNotifier(string? socketAddress) =>
        _socketAddress = string.IsNullOrEmpty(socketAddress) ? null : socketAddress;

    /// <summary>A notifier for the socket this process was given, if any.</summary>
    public static ServiceManagerNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable(SocketVariable));

    /// <summary>True when a service manager is listening.</summary>
    public bool IsEnabled => _socketAddress is not null;

    /// <summary>The host records: systemd considers the unit started (and `systemctl start` returns). False when the message could not be sent.</summary>
    public bool Ready(string status) => Send($"READY=1\nSTATUS={status}\nMAINPID={Environment.ProcessId}");

    /// <summary>The host is draining and stopping. False when the message could not be sent.</summary>
    public bool Stopping(string status) => Send($"STOPPING=1\nSTATUS={status}");

    private bool Send(string message)
    {
        if (_socketAddress is null) return true;
        // An abstract socket's name starts with a NUL byte, written '@' in the variable.
        var path = _socketAddress[0] == '@' ? "\0" + _socketAddress[1..] : _socketAddress;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(message));
            return true;
        }
        catch (SocketException)
        {
            // The service manager went away (or never listened): recording goes on; the caller may log it.
            return false;
        }
    }
}
