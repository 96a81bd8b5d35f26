using System.Runtime.Versioning;
using Recorder.Host.Configuration;

namespace Recorder.Host.Platform;

/// <summary>
/// macOS: what the recorder ships (plugins, default subscriptions) under <c>/Library/Application Support/Recorder</c>,
/// what the administrator configures and what the recorder writes under <c>/Library/Recorder</c>; a Unix socket.
/// </summary>
[SupportedOSPlatform("macos")]
public sealed class MacHostPlatform : IHostPlatform
{
    private const string Shipped = "/Library/Application Support/Recorder", Local = "/Library/Recorder";

    public string Name => "macos";

    public IControlChannel ControlChannel { get; } = new UnixControlChannel();

    public HostLayout InstalledLayout() => new(
        Path.Combine(Local, "data"),
        [Path.Combine(Shipped, "plugins")],
        Path.Combine(Local, "trust"),
        [Path.Combine(Shipped, "subscriptions"), Path.Combine(Local, "subscriptions")],
        IsCheckout: false);
}
