using Recorder.Host.Loading;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// Plugins are swapped while the host runs: a new version is verified, staged, loaded and started, the old
/// one drained, stopped and unloaded; a tampered or older version is refused and the running one keeps going.
/// </summary>
public sealed class HotReloadTests
{
    private static string Subscription(HostTestBed bed) => $$"""
        module: test
        subscriptions:
          - name: counter
            events: [test.counter]
            sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
        """;

    [Fact]
    public async Task A_new_collector_version_takes_over_under_load_with_no_gap_and_no_duplicate()
    {
        await using var bed = new HostTestBed();
        var v1 = bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1, "1.0.0", "counter-1.0.0");
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", Subscription(bed));
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 3000" });
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 1000), bed.LogText);

        // Operators deploy the new version under a temporary name, rename it into place, then remove the old one.
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 2, "2.0.0", "counter-2.0.0");
        Assert.True(await HostTestBed.Eventually(() => host.Plugins.Any(p => p.Id == "test.counter" && p.Version == "2.0.0")), bed.LogText);
        Directory.Delete(v1, recursive: true);
        var atSwap = bed.ReadSink("events.tsv").Count;
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > atSwap + 1000), bed.LogText);
        var running = host.Plugins.ToArray();
        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("plugin.test.counter", "unload.1.0.0.1") != ""), bed.LogText);
        await host.StopAsync();

        var lines = bed.ReadSink("events.tsv");
        var numbers = lines.Select(l => long.Parse(l[1])).ToArray();
        Assert.Equal(Enumerable.Range(1, numbers.Length).Select(i => (long)i), numbers);
        Assert.Equal("2.0.0", running.Single(p => p.Id == "test.counter").Version);
        Assert.Equal("collected", bed.StatusValue("plugin.test.counter", "unload.1.0.0.1"));
    }

    [Fact]
    public async Task A_tampered_new_version_is_refused_and_the_running_one_keeps_working()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1, "1.0.0", "counter-1");
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", Subscription(bed));
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 500" });
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 50));

        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 2, "2.0.0", "counter-2",
            afterSigning: dir => File.AppendAllText(Path.Combine(dir, "Recorder.TestPlugins.Counter.deps.json"), " "));
        Assert.True(await HostTestBed.Eventually(() => host.RefusedPlugins.Any(r => r.Directory.EndsWith("counter-2", StringComparison.Ordinal))), bed.LogText);
        var refusal = host.RefusedPlugins.Single(r => r.Directory.EndsWith("counter-2", StringComparison.Ordinal));
        Assert.Contains("deps.json", refusal.Message);
        Assert.Equal("1.0.0", host.Plugins.Single(p => p.Id == "test.counter").Version);
        var count = bed.ReadSink("events.tsv").Count;
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > count + 50));
    }

    [Fact]
    public async Task An_older_sequence_is_refused_as_a_rollback()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 5, "1.5.0", "counter-5");
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", Subscription(bed));
        var host = await bed.StartAsync();

        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 3, "1.3.0", "counter-3");
        Assert.True(await HostTestBed.Eventually(() => host.RefusedPlugins.Any(r => r.Directory.EndsWith("counter-3", StringComparison.Ordinal))), bed.LogText);
        Assert.Equal("1.5.0", host.Plugins.Single(p => p.Id == "test.counter").Version);
        Assert.Contains(host.StatusRows(), r => r.Domain == "plugin" && r.Name == "counter-3" && r.Value.StartsWith("REFUSED", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unloaded_plugin_context_is_really_collected()
    {
        var weak = LoadAndUnload();
        Assert.True(LoadedPluginAssembly.WaitForUnload(weak, TimeSpan.FromSeconds(10)), "the plugin's load context is still alive after unload");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndUnload()
    {
        var loaded = new McMasterPluginAssemblyLoader().Load("test.counter",
            Path.Combine(HostTestBed.BuildOutput("Recorder.TestPlugins.Counter"), "Recorder.TestPlugins.Counter.dll"));
        Assert.Single(loaded.Collectors);
        Assert.Single(loaded.Enrichers);
        Assert.Equal("test-counter", loaded.Collectors[0].Name);
        var weak = loaded.ContextReference;
        loaded.Unload();
        return weak;
    }
}
