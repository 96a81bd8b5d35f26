using System.Runtime.Versioning;
using Recorder.Host.Configuration;

namespace Recorder.Host.Platform;

/// <summary>
/// Windows: what the recorder ships (plugins, default subscriptions) under <c>%ProgramFiles%\Recorder</c>, what the
/// administrator configures and what the recorder writes under <c>%ProgramData%\Recorder</c>; a named pipe.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WindowsHostPlatform : IHostPlatform
{
    public string Name => "windows";

    public IControlChannel ControlChannel { get; } = new WindowsControlChannel();

    public HostLayout InstalledLayout()
    {
        var shipped = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "Recorder");
        var local = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Recorder");
        return new HostLayout(
            Path.Combine(local, "data"),
            [Path.Combine(shipped, "plugins")],
            Path.Combine(local, "trust"),
            [Path.Combine(shipped, "subscriptions"), Path.Combine(local, "subscriptions")],
            IsCheckout: false);
    }
}
