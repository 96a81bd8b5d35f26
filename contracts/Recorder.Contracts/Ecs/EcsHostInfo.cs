using System.Runtime.InteropServices;

namespace Recorder.Contracts.Ecs;

/// <summary>
/// The machine an ECS document describes (<c>host.*</c>). Written into every live event; a replayed event names
/// only the host its log was recorded on (<see cref="Events.ReplayOrigin.HostName"/>), never this machine.
/// </summary>
/// <param name="Name">Host name (<c>host.name</c>).</param>
/// <param name="Id">Unique machine id (<c>host.id</c>; Linux: <c>/etc/machine-id</c>).</param>
/// <param name="Architecture">CPU architecture (<c>host.architecture</c>), such as <c>x86_64</c>.</param>
/// <param name="OsType">One of ECS's <c>host.os.type</c> values: <c>linux</c>, <c>macos</c>, <c>windows</c>, <c>unix</c>.</param>
/// <param name="OsName">Operating system name (<c>host.os.name</c>), such as <c>Debian GNU/Linux</c>.</param>
/// <param name="OsVersion">Operating system version (<c>host.os.version</c>).</param>
/// <param name="OsKernel">Kernel version (<c>host.os.kernel</c>).</param>
/// <param name="OsFamily">OS family (<c>host.os.family</c>), such as <c>debian</c>.</param>
public sealed record EcsHostInfo(
    string? Name,
    string? Id = null,
    string? Architecture = null,
    string? OsType = null,
    string? OsName = null,
    string? OsVersion = null,
    string? OsKernel = null,
    string? OsFamily = null)
{
    private static readonly Lazy<EcsHostInfo> LocalMachine = new(ReadLocalMachine);

    /// <summary>This machine, read once (host name, machine id, <c>/etc/os-release</c>, kernel).</summary>
    public static EcsHostInfo Current => LocalMachine.Value;

    private static EcsHostInfo ReadLocalMachine()
    {
        var osType = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsMacOS() ? "macos"
            : OperatingSystem.IsWindows() ? "windows"
            : "unix";
        var release = OperatingSystem.IsLinux() ? ReadOsRelease("/etc/os-release") : new Dictionary<string, string>();
        return new EcsHostInfo(
            Name: Environment.MachineName.ToLowerInvariant(),
            Id: OperatingSystem.IsLinux() ? ReadFirstLine("/etc/machine-id") : null,
            Architecture: RuntimeInformation.OSArchitecture switch
            {
                System.Runtime.InteropServices.Architecture.X64 => "x86_64",
                System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
                var other => other.ToString().ToLowerInvariant(),
            },
            OsType: osType,
            OsName: release.GetValueOrDefault("NAME") ?? RuntimeInformation.OSDescription,
            OsVersion: release.GetValueOrDefault("VERSION_ID") ?? Environment.OSVersion.Version.ToString(),
            OsKernel: OperatingSystem.IsLinux() ? ReadFirstLine("/proc/sys/kernel/osrelease") : null,
            OsFamily: release.GetValueOrDefault("ID"));
    }

    private static string? ReadFirstLine(string path)
    {
        try { return File.ReadLines(path).FirstOrDefault()?.Trim() is { Length: > 0 } line ? line : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static Dictionary<string, string> ReadOsRelease(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var eq = line.IndexOf('=');
                if (eq <= 0) continue;
                values[line[..eq]] = line[(eq + 1)..].Trim().Trim('"');
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return values;
    }
}
