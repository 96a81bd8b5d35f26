using Recorder.Host.Configuration;

namespace Recorder.Host.Platform;

/// <summary>
/// What differs between the operating systems the host runs on: where an installed recorder keeps its files, and the
/// local channel `recorder status` (and other commands) use to reach the running host. <see cref="HostPlatform.Current"/>
/// picks the implementation. Plugin-folder ownership checks are Recorder.Trust's (<c>IPluginFileSystem</c>).
/// </summary>
public interface IHostPlatform
{
    /// <summary>linux, windows or macos.</summary>
    string Name { get; }

    /// <summary>The folders of an installed recorder (not a source checkout).</summary>
    HostLayout InstalledLayout();

    /// <summary>The control channel, reachable only by administrators (root).</summary>
    IControlChannel ControlChannel { get; }
}
