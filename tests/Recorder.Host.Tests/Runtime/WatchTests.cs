using System.Text;
using System.Text.Json;
using Recorder.Host.Platform;
using Recorder.Host.Runtime;
using Recorder.Host.Watching;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// <c>recorder watch</c> over the control socket: watched types are collected even when no subscription wants them,
/// filters mean what they mean in subscriptions, a watcher that does not read is cut off and counted while the
/// stores keep receiving everything, and a stopping host says so in the last line.
/// </summary>
public sealed class WatchTests
{
    private static readonly RecorderHostOptions WithSocket = new()
    {
        RequireRootOwnedPlugins = KernelAudit.IsRoot,
        OpenControlSocket = true,
        WatchFolders = false,
        PluginCallTimeout = TimeSpan.FromSeconds(5),
    };

    private static async Task<HostTestBed> CounterBed(string subscribedTypes, string rate)
    {
        var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("store.yaml", $$"""
            module: test
            subscriptions:
              - name: store
                events: {{subscribedTypes}}
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: " + rate }, WithSocket);
        return bed;
    }

    private static string Socket(HostTestBed bed) => Path.Combine(bed.Data, "recorder.sock");

    [Fact]
    public async Task A_watcher_gets_the_filtered_events_of_a_type_no_subscription_stores_until_the_host_stops()
    {
        await using var bed = await CounterBed("[process.start]", "200");
        Assert.StartsWith("idle", bed.StatusValue("collector.test-counter", "state"));

        await using var client = await WatchClient.ConnectAsync(Socket(bed), new WatchRequest
        {
            Types = ["test.*"],
            Include = ["{counter.number: {in: [3, 5, 7, 9]}}", "counter.number: 12"],
            Exclude = ["{counter.number: 5}"],
        }, CancellationToken.None);
        Assert.Equal(1, client.Started.GetProperty("version").GetInt32());
        // The collector runs for the watcher alone.
        Assert.Equal("running", bed.StatusValue("collector.test-counter", "state"));
        Assert.Equal("1", bed.StatusValue("watch", "attached"));

        var numbers = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (numbers.Count < 4 && await client.ReadEventAsync(timeout.Token) is { } line)
        {
            var e = JsonDocument.Parse(line).RootElement;
            Assert.Equal("test.counter", e.GetProperty("event.type").GetString());
            numbers.Add(e.GetProperty("counter.number").GetInt64());
        }
        Assert.Equal([3L, 7L, 9L, 12L], numbers);
        Assert.Empty(bed.ReadSink("events.tsv")); // nothing stores them

        await bed.Host!.StopAsync();
        Assert.Null(await client.ReadEventAsync(timeout.Token)); // nothing else matched before the stop
        Assert.Equal(WatchEndReasons.HostStopping, client.End!.Value.GetProperty("reason").GetString());
        Assert.Equal(4, client.End!.Value.GetProperty("sent").GetInt64());
    }

    [Fact]
    public async Task Ecs_watchers_get_ecs_documents_and_the_collector_goes_idle_when_the_last_watcher_leaves()
    {
        await using var bed = await CounterBed("[process.start]", "200");
        await using (var client = await WatchClient.ConnectAsync(Socket(bed), new WatchRequest { Types = ["test.counter"], Format = WatchFormat.Ecs }, CancellationToken.None))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var doc = JsonDocument.Parse((await client.ReadEventAsync(timeout.Token))!).RootElement;
            Assert.Equal("test.counter", doc.GetProperty("event").GetProperty("action").GetString());
            Assert.True(doc.GetProperty("recorder").GetProperty("counter").GetProperty("number").GetInt64() >= 1);
            Assert.True(doc.TryGetProperty("@timestamp", out _));
            Assert.Equal(Recorder.Contracts.Ecs.EcsHostInfo.Current.Name, doc.GetProperty("host").GetProperty("name").GetString());
        }
        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("watch", "attached") == "0"), bed.LogText);
        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("collector.test-counter", "state").StartsWith("idle", StringComparison.Ordinal)), bed.LogText);
    }

    [Theory]
    [InlineData("""{"version":1,"types":["nosuch.type"]}""", "types: ")]
    [InlineData("""{"version":1,"types":["test.counter"],"include":["{counter.nmber: 3}"]}""", "include filter 1 ({counter.nmber: 3}): ")]
    [InlineData("""{"version":1,"types":["test.counter"],"include":["{counter.number: {less_than: ten}}"]}""", "include filter 1")]
    [InlineData("""{"version":2,"types":["test.counter"]}""", "protocol version 2 is not supported; this host speaks version 1")]
    [InlineData("""{"types":["test.counter"]}""", "'version' is required")]
    [InlineData("""{"version":1,"types":["test.counter"],"format":"xml"}""", "'format' must be jsonl or ecs")]
    [InlineData("""{"version":1,"types":["test.counter"],"queue":1}""", "'queue' must be a whole number from 1024 to 65536")]
    public async Task A_bad_request_is_refused_with_one_error_line_naming_its_part(string request, string expected)
    {
        await using var bed = await CounterBed("[process.start]", "10");
        var (first, rest) = await RawExchange(Socket(bed), "watch " + request);
        var answer = JsonDocument.Parse(first).RootElement;
        Assert.Equal("error", answer.GetProperty("watch").GetString());
        Assert.Contains(expected, answer.GetProperty("error").GetString());
        Assert.Equal("", rest); // and the connection closes
        Assert.Equal("1", bed.StatusValue("watch", "refused"));
        Assert.StartsWith("idle", bed.StatusValue("collector.test-counter", "state"));
    }

    [Fact]
    public async Task A_watcher_that_does_not_read_is_cut_off_and_counted_while_the_store_keeps_everything()
    {
        await using var bed = await CounterBed("[test.counter]", "20000");
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 100), bed.LogText);

        // A client that sends its request and never reads: the socket's buffers fill, then its queue.
        await using var stalled = await HostPlatform.Current.ControlChannel.ConnectAsync(Socket(bed), CancellationToken.None);
        await stalled.WriteAsync(Encoding.UTF8.GetBytes(new WatchRequest { Types = ["test.counter"], Queue = WatchRequest.MinQueue }.ToLine() + "\n"));
        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("watch", "cut_slow") == "1"), bed.LogText);
        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("watch", "attached") == "0"), bed.LogText);
        Assert.True(long.Parse(bed.StatusValue("watch", "events_dropped")) >= 1);
        Assert.True(long.Parse(bed.StatusValue("watch", "events_sent")) > 0);

        // The store kept receiving while the watcher stalled and after it was cut: nothing lost there.
        var storedAtCut = bed.ReadSink("events.tsv").Count;
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > storedAtCut + 1000), bed.LogText);
        await bed.Host!.StopAsync();
        var lines = bed.ReadSink("events.tsv");
        Assert.Equal(bed.Host.Status.Counter("collector.test-counter", "written").Value, lines.Count);
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => (long)i), lines.Select(l => long.Parse(l[1])));
    }

    /// <summary>Sends one line and reads everything the host answers until it closes: (first line, the rest).</summary>
    private static async Task<(string First, string Remainder)> RawExchange(string socket, string line)
    {
        await using var stream = await HostPlatform.Current.ControlChannel.ConnectAsync(socket, CancellationToken.None);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await reader.ReadLineAsync(timeout.Token) ?? "";
        var rest = await reader.ReadToEndAsync(timeout.Token);
        return (first, rest);
    }
}
