using Recorder.Trust;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// Every built-in plugin can be replaced while it works and leaves nothing behind: after a hot reload, the old
/// version's load context is really collected (a plugin that roots its own types in the host or the framework
/// — a static cache, an event handler, a thread that never ends — leaks a context per reload).
/// </summary>
public sealed class BuiltInPluginUnloadTests
{
    private static readonly (string Id, string Entry, PluginKind Kind)[] BuiltIns =
    [
        ("recorder.sinks.sqlite", "Recorder.Plugins.Sinks.Sqlite.dll", PluginKind.Sink),
        ("recorder.sinks.journal", "Recorder.Plugins.Sinks.Journal.dll", PluginKind.Sink),
        ("recorder.enrichers.process", "Recorder.Plugins.Enrichers.Process.dll", PluginKind.Enricher),
    ];

    [Fact]
    public async Task The_sinks_and_enrichers_replaced_under_load_are_collected()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        var firstFolders = BuiltIns.Select(b => bed.DeployBuiltIn(b.Id, b.Entry, b.Kind, 1, "1.0.0", b.Id + "-1")).ToArray();
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: store
                events: [test.counter]
                sink: { name: sqlite, options: { path: {{bed.SinkPath("recorder.db")}} } }
              - name: journal
                events: [test.counter]
                sink: { name: journal, options: { path: {{bed.SinkPath("journal")}}, compress: false } }
            """);
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 500" });
        Assert.True(await HostTestBed.Eventually(() => SinkWritten(bed, "sqlite") > 100 && SinkWritten(bed, "journal") > 100), bed.LogText);

        foreach (var (id, entry, kind) in BuiltIns) bed.DeployBuiltIn(id, entry, kind, 2, "1.0.1", id + "-2");
        foreach (var folder in firstFolders) Directory.Delete(folder, recursive: true);
        await host.RescanPluginsAsync();

        Assert.All(BuiltIns, b => Assert.Equal("1.0.1", host.Plugins.Single(p => p.Id == b.Id).Version));
        var written = SinkWritten(bed, "sqlite");
        Assert.True(await HostTestBed.Eventually(() => SinkWritten(bed, "sqlite") > written + 100), bed.LogText);
        foreach (var (id, _, _) in BuiltIns)
        {
            Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("plugin." + id, "unload.1.0.0.1") != "", TimeSpan.FromSeconds(30)), bed.LogText);
            Assert.True("collected" == bed.StatusValue("plugin." + id, "unload.1.0.0.1"), $"{id}: {bed.StatusValue("plugin." + id, "unload.1.0.0.1")}\n{bed.LogText}");
        }
    }

    // Events a sink wrote so far, summed over its workers (one per distinct options).
    private static long SinkWritten(HostTestBed bed, string sink) =>
        bed.Host!.Status.Snapshot().Where(r => r.Domain.StartsWith("sink." + sink, StringComparison.Ordinal) && r.Name == "written")
            .Sum(r => long.TryParse(r.Value, out var n) ? n : 0);
}
