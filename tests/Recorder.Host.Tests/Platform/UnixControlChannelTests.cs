using System.Text.Json;
using Recorder.Host.Diagnostics;
using Recorder.Host.Platform;
using Recorder.Host.Status;
using Recorder.Trust.Tests.Support;

namespace Recorder.Host.Tests.Platform;

/// <summary>The Linux control channel on a real Unix socket: root only, replaces a stale socket, removed on stop.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnixControlChannelTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_platform_factory_picks_the_Linux_implementation_here()
    {
        Assert.IsType<LinuxHostPlatform>(HostPlatform.Current);
        Assert.IsType<UnixControlChannel>(HostPlatform.Current.ControlChannel);
        Assert.Equal("/etc/recorder/trust", HostPlatform.Current.InstalledLayout().TrustStoreDirectory);
    }

    [Fact]
    public async Task A_server_replaces_a_stale_socket_answers_one_command_per_connection_and_removes_its_socket()
    {
        var path = _temp.Combine("recorder.sock");
        File.WriteAllText(path, "left behind by a crashed host");
        var server = new ControlServer(path, (command, _) => Task.FromResult<object>(new { echo = command }), new HostLog(TextWriter.Null));
        server.Start();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        for (var i = 0; i < 3; i++)
        {
            using var answer = JsonDocument.Parse(await ControlClient.SendAsync(path, $"ping {i}", TimeSpan.FromSeconds(10)));
            Assert.Equal($"ping {i}", answer.RootElement.GetProperty("echo").GetString());
        }

        await server.DisposeAsync();
        Assert.False(File.Exists(path));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => ControlClient.SendAsync(path, "status", TimeSpan.FromSeconds(5)));
    }
}
