using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Recorder.Host.Diagnostics;
using Recorder.Tests.Shared;
using Recorder.Trust.Tests.Support;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder run` under systemd (Type=notify): the built CLI, given a real $NOTIFY_SOCKET, sends READY=1 only once the
/// host is running (so `systemctl start` returns when `recorder status` answers), and STOPPING=1 on SIGTERM.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServiceNotificationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_sends_ready_once_running_and_stopping_on_sigterm()
    {
        Directory.CreateDirectory(_temp.Combine("plugins"));
        Directory.CreateDirectory(_temp.Combine("subscriptions"));
        var config = _temp.Combine("recorder.yaml");
        File.WriteAllText(config, $"""
            plugin_dirs: [{_temp.Combine("plugins")}]
            subscription_dirs: [{_temp.Combine("subscriptions")}]
            """);
        var data = _temp.Combine("data");
        var notifyPath = _temp.Combine("notify.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(notifyPath));

        var start = RecorderCli.StartInfo("run", "--config", config, "--data-dir", data);
        start.Environment[ServiceManagerNotifier.SocketVariable] = notifyPath;
        using var recorder = Process.Start(start)!;
        var output = recorder.StandardOutput.ReadToEndAsync();
        var errors = recorder.StandardError.ReadToEndAsync();
        try
        {
            var ready = await ReceiveAsync(listener, TimeSpan.FromSeconds(60));
            Assert.Contains("READY=1", ready.Split('\n'));
            Assert.Contains($"MAINPID={recorder.Id}", ready.Split('\n'));

            // Ready means running: the control socket answers at once.
            var status = RecorderCli.Run("status", "--data-dir", data);
            Assert.Equal(0, status.Exit);
            Assert.Matches(@"recorder\s+state\s+running", status.Output);

            using (var kill = Process.Start("kill", ["-TERM", recorder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            var stopping = await ReceiveAsync(listener, TimeSpan.FromSeconds(30));
            Assert.Contains("STOPPING=1", stopping.Split('\n'));
            Assert.True(recorder.WaitForExit(60_000), "recorder did not stop after SIGTERM");
            // The exit code is not asserted: after its clean stop the process may still abort when System.CommandLine's
            // own SIGTERM handler cancels a disposed token (RunCommand's termination, issue 13).
        }
        finally
        {
            if (!recorder.HasExited) recorder.Kill(entireProcessTree: true);
            await recorder.WaitForExitAsync();
        }
        var log = await output + await errors;
        Assert.Contains("[recorder] stopped", log);
        Assert.DoesNotContain("could not tell the service manager", log);
    }

    private static async Task<string> ReceiveAsync(Socket listener, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        var length = await listener.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
