using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// Subscription folders steer what root records and where it writes: they get the ownership and mode rules of plugin
/// folders. And a live subscription file with a typo keeps its last good version running.
/// </summary>
public sealed class SubscriptionSafetyTests
{
    [Fact]
    public async Task A_subscription_folder_writable_by_others_is_refused_with_the_reason_in_status()
    {
        if (!KernelAudit.IsRoot) return; // ownership rules apply to a root recorder
        await using var bed = Bed();
        WriteCounterSubscription(bed);
        File.SetUnixFileMode(bed.Subscriptions, (UnixFileMode)0b111_111_111);
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });

        Assert.Empty(host.Subscriptions);
        var problem = Assert.Single(host.SubscriptionProblems);
        Assert.Contains(bed.Subscriptions, problem);
        Assert.Contains("subscription folder refused", problem);
        Assert.Contains(host.StatusRows(), r => r.Domain == "subscription" && r.Name == "error" && r.Value.Contains("refused"));
        await Task.Delay(500);
        Assert.Empty(bed.ReadSink("events.tsv"));
    }

    [Fact]
    public async Task A_subscription_file_owned_by_another_user_is_refused_and_the_root_owned_ones_still_load()
    {
        if (!KernelAudit.IsRoot) return;
        await using var bed = Bed();
        WriteCounterSubscription(bed);
        var planted = bed.WriteSubscription("planted.yaml", """
            module: planted
            subscriptions:
              - name: everything
                events: [test.counter]
                sink: { name: test-file, options: { path: /tmp/planted.tsv } }
            """);
        Assert.Equal(0, Chown(planted, 65534, 65534));
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });

        Assert.Equal(["counter"], host.Subscriptions.Select(s => s.Name));
        Assert.Contains(host.SubscriptionProblems, p => p.Contains("planted.yaml") && p.Contains("subscription file refused"));
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 100), bed.LogText);
    }

    [Fact]
    public async Task A_typo_in_a_live_subscription_file_keeps_its_last_good_version_running_and_is_reported()
    {
        await using var bed = Bed();
        WriteCounterSubscription(bed);
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 100), bed.LogText);

        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        Assert.True(await HostTestBed.Eventually(() => host.SubscriptionProblems.Any(p => p.Contains("counter.yaml:"))), bed.LogText);

        Assert.Equal(["counter"], host.Subscriptions.Select(s => s.Name));
        Assert.Contains(host.SubscriptionProblems, p => p.Contains("keeps running"));
        var before = bed.ReadSink("events.tsv").Count;
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > before + 500), bed.LogText);
        var numbers = bed.ReadSink("events.tsv").Select(l => long.Parse(l[1])).ToArray();
        Assert.Equal(Enumerable.Range(1, numbers.Length).Select(i => (long)i), numbers);
    }

    [Fact]
    public async Task A_sink_path_outside_the_data_folder_is_refused_unless_the_configuration_allows_it()
    {
        var outside = Directory.CreateTempSubdirectory("recorder-outside-").FullName;
        try
        {
            var journal = Path.Combine(outside, "journal");
            await using (var bed = new HostTestBed())
            {
                bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
                bed.DeployBuiltIn("recorder.sinks.journal", "Recorder.Plugins.Sinks.Journal.dll", Recorder.Trust.PluginKind.Sink, 1);
                bed.WriteSubscription("elsewhere.yaml", $$"""
                    module: elsewhere
                    subscriptions:
                      - name: out
                        events: [test.counter]
                        sink: { name: journal, options: { path: {{journal}}, compress: false } }
                      - name: inside
                        events: [test.counter]
                        sink: { name: journal, options: { path: journal-inside, compress: false } }
                    """);
                var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });
                Assert.Contains(host.SubscriptionProblems, p => p.Contains("elsewhere/out") && p.Contains("is outside the folders sinks may write") && p.Contains("allowed_sink_paths"));
                Assert.True(await HostTestBed.Eventually(() => File.Exists(Path.Combine(bed.Data, "journal-inside", "events.jsonl"))), bed.LogText);
                Assert.False(Directory.Exists(journal));
            }
            await using (var bed = new HostTestBed())
            {
                bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
                bed.DeployBuiltIn("recorder.sinks.journal", "Recorder.Plugins.Sinks.Journal.dll", Recorder.Trust.PluginKind.Sink, 1);
                bed.AllowedSinkPaths.Add(outside);
                bed.WriteSubscription("elsewhere.yaml", $$"""
                    module: elsewhere
                    subscriptions:
                      - name: out
                        events: [test.counter]
                        sink: { name: journal, options: { path: {{journal}}, compress: false } }
                    """);
                var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });
                Assert.Empty(host.SubscriptionProblems);
                Assert.True(await HostTestBed.Eventually(() => File.Exists(Path.Combine(journal, "events.jsonl"))), bed.LogText);
            }
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private static HostTestBed Bed()
    {
        var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        return bed;
    }

    private static void WriteCounterSubscription(HostTestBed bed) =>
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(string path, int owner, int group);
}
