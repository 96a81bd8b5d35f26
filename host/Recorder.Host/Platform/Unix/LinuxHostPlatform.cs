using System.Runtime.Versioning;
using Recorder.Host.Configuration;

namespace Recorder.Host.Platform;

/// <summary>Linux: the Filesystem Hierarchy Standard folders, and a Unix socket.</summary>
[SupportedOSPlatform("linux")]
public sealed class LinuxHostPlatform : IHostPlatform
{
    public string Name => "linux";

    public IControlChannel ControlChannel { get; } = new UnixControlChannel();

    public HostLayout InstalledLayout() => new(
        "/var/lib/recorder",
        ["/usr/lib/recorder/plugins"],
        "/etc/recorder/trust",
        ["/usr/share/recorder/subscriptions", "/etc/recorder/subscriptions"],
        IsCheckout: false)
    {
        ConfigurationFile = "/etc/recorder/recorder.yaml",
    };
}
