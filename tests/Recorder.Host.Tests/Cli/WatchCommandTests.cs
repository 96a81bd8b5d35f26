using System.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Host.Tests.Runtime;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>The `recorder watch` command as an administrator runs it against a running recorder.</summary>
public sealed class WatchCommandTests
{
    [Fact]
    public async Task Recorder_watch_prints_the_filtered_events_and_ends_when_the_recorder_stops()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 100" }, new RecorderHostOptions
        {
            RequireRootOwnedPlugins = KernelAudit.IsRoot,
            OpenControlSocket = true,
            WatchFolders = false,
        });

        using var watch = Process.Start(RecorderCli.StartInfo("watch", "--data-dir", bed.Data, "--type", "test.counter", "--filter", "{counter.number: {in: [2, 4]}}"))!;
        try
        {
            var errors = watch.StandardError.ReadToEndAsync();
            var first = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var second = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains("\"counter.number\":2", first);
            Assert.Contains("\"counter.number\":4", second);

            await bed.Host!.StopAsync();
            Assert.True(watch.WaitForExit(20_000), "recorder watch did not end");
            Assert.Equal(0, watch.ExitCode);
            Assert.Equal("", await watch.StandardOutput.ReadToEndAsync());
            Assert.Contains("ended (host_stopping)", await errors);
        }
        finally
        {
            if (!watch.HasExited) watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Without_types_or_without_a_recorder_it_says_what_to_do()
    {
        using var data = new TempFolder();
        var (exit, _, errors) = RecorderCli.Run("watch", "--data-dir", data.Path);
        Assert.Equal(2, exit);
        Assert.Contains("--type 'session.*'", errors);

        (exit, _, errors) = RecorderCli.Run("watch", "--data-dir", data.Path, "--type", "session.*");
        Assert.Equal(3, exit);
        Assert.Contains("no recorder is running with data folder " + data.Path, errors);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("recorder-watch-cli-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
