using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using Recorder.PluginTemplate.Tests.Support;

namespace Recorder.PluginTemplate.Tests;

/// <summary>
/// The plugin author's whole path, offline, with real tools: install the template, make a collector, an enricher
/// and a sink with dotted names, build them (which signs them), run their generated tests, deploy them into a
/// running host that trusts the key, and see the collector's own event type arrive enriched in two sinks, one of
/// them the template's. Then upgrade the collector live and see its numbering carry on.
/// </summary>
public sealed class TemplateEndToEndTests(ITestOutputHelper output)
{
    private const string KeyId = "acme-test";
    private const string Message = "hello from the template test";
    private const string SiteTag = "template-test";

    [Fact]
    public async Task Plugins_made_from_the_template_build_sign_deploy_and_work_in_a_running_host()
    {
        var root = Directory.CreateTempSubdirectory("recorder-template-test-").FullName;
        // The host refuses plugin folders below anything group- or world-writable (other than sticky /tmp).
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var clock = Stopwatch.StartNew();
        void Phase(string name)
        {
            output.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
        }
        try
        {
            var workspace = new TemplateWorkspace(Path.Combine(root, "author"));
            await using var recorder = new RunningHost(Path.Combine(root, "host"));
            var keys = Path.Combine(root, "keys");
            var privateKey = Path.Combine(keys, KeyId + ".private.pem");

            // The author: install the template, make one plugin of each kind, build (and so sign) all of them offline.
            await workspace.InstallTemplateAsync();
            var makeKey = RecorderTools.RecorderAsync(root, "keys", "new", "--out", keys, "--id", KeyId);
            var sampler = workspace.CreateAsync("Acme.Sampler", "collector");
            var tagger = workspace.CreateAsync("Acme.Tagger", "enricher");
            var archive = workspace.CreateAsync("Acme.Archive", "sink");
            await Task.WhenAll(makeKey, sampler, tagger, archive);
            var collector = await sampler;
            var enricher = await tagger;
            var sink = await archive;
            Phase("install template, make three projects and a key");

            await workspace.BuildAllAsync(privateKey);
            Phase("build and sign (offline restore)");
            var testRun = await workspace.TestAllAsync();
            Assert.Equal(3, CountOccurrences(testRun, "Passed!"));
            Phase("run the generated tests");

            // Each bundle holds the plugin and a signed manifest, never the contracts the host shares, and verifies.
            recorder.TrustKey(Path.Combine(keys, KeyId + ".pem"));
            foreach (var plugin in new[] { collector, enricher, sink })
            {
                var files = Directory.GetFiles(plugin.Bundle).Select(Path.GetFileName).ToArray();
                Assert.Contains("manifest.json", files);
                Assert.Contains("manifest.sig", files);
                Assert.Contains(plugin.Name + ".dll", files);
                Assert.DoesNotContain(files, f => f!.StartsWith("Recorder.Contracts", StringComparison.Ordinal) || f.StartsWith("System.Composition", StringComparison.Ordinal));
                var verdict = await RecorderTools.RecorderAsync(root, "plugin", "verify", plugin.Bundle, "--trust", recorder.Trust, "--data", Path.Combine(root, "no-data"));
                Assert.StartsWith("accepted", verdict);
                using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(plugin.Bundle, "manifest.json")));
                Assert.Equal(plugin.Id, manifest.RootElement.GetProperty("id").GetString());
                Assert.Equal(plugin.Kind, manifest.RootElement.GetProperty("kinds")[0].GetString());
                Assert.Equal(KeyId, manifest.RootElement.GetProperty("keyId").GetString());
            }

            // The operator: a host that trusts the key runs with only an independent test sink and subscriptions
            // that name the collector's type and the template's sink (unknown until the plugins arrive).
            var fileSink = Path.Combine(root, "test-file-sink");
            RunningHost.CopyTree(RecorderTools.TestPluginOutput("Recorder.TestPlugins.FileSink"), fileSink);
            foreach (var pdb in Directory.GetFiles(fileSink, "*.pdb")) File.Delete(pdb);
            await RecorderTools.RecorderAsync(root, "plugin", "sign", fileSink, "--key", privateKey, "--id", "test.filesink", "--version", "1.0.0", "--kind", "sink");
            recorder.Deploy(fileSink, "test.filesink");
            recorder.WriteSubscription("acme.yaml", $$"""
                module: acme
                subscriptions:
                  - name: samples-to-test-file
                    events: [{{collector.EventType}}]
                    sink: { name: test-file, options: { path: {{Path.Combine(recorder.Output, "test-file.tsv")}} } }
                  - name: samples-to-archive
                    events: [{{collector.EventType}}]
                    sink:
                      name: {{sink.PartName}}
                      options: { path: {{Path.Combine(recorder.Output, "archive.jsonl")}} }
                """);
            await recorder.StartAsync(new()
            {
                [collector.Id] = $"interval_milliseconds: 20\nmessage: {Message}",
                [enricher.Id] = $"tag: site\nvalue: {SiteTag}",
            });
            Assert.DoesNotContain(recorder.Host!.Plugins, p => p.Id.StartsWith("acme.", StringComparison.Ordinal));

            // Deploy while it runs: copy under a dot-name, rename into place; the host's folder watcher does the rest.
            recorder.Deploy(sink.Bundle, sink.Id);
            recorder.Deploy(enricher.Bundle, enricher.Id);
            recorder.Deploy(collector.Bundle, collector.Id);

            Assert.True(await RunningHost.Eventually(() => recorder.ReadLines("archive.jsonl").Length >= 5 && recorder.ReadLines("test-file.tsv").Length >= 5, TimeSpan.FromSeconds(60)),
                Diagnose(recorder));
            Assert.Empty(recorder.Host.SubscriptionProblems);
            Assert.Equal("running", recorder.StatusValue("collector." + collector.PartName, "state"));

            // The independent sink: the collector's own type, stamped with its name, tagged by the enricher.
            foreach (var line in recorder.ReadLines("test-file.tsv"))
            {
                var columns = line.Split('\t');
                Assert.Equal(collector.EventType, columns[0]);
                Assert.Equal(collector.PartName, columns[3]);
                Assert.Equal("site=" + SiteTag, columns[4]);
            }

            // The template's sink: every field of the declared schema, the settings bound from YAML, the tag.
            var archived = ReadArchive(recorder);
            Assert.All(archived, e =>
            {
                Assert.Equal(collector.EventType, e.Type);
                Assert.Equal(collector.PartName, e.Collector);
                Assert.Equal(Message, e.Message);
                Assert.Equal(SiteTag, e.Site);
            });
            Assert.Equal(Enumerable.Range(1, archived.Count).Select(i => (long)i), archived.Select(e => e.Sequence));

            Phase("verify, start the host, deploy, see events");

            // An upgrade, live: the same build re-signed as 1.0.1 (a higher sequence) replaces 1.0.0; the new
            // collector takes over the old one's state, so the numbering carries on with no gap and no repeat.
            var upgrade = Path.Combine(root, "upgrade", collector.Id);
            RunningHost.CopyTree(collector.Bundle, upgrade);
            await RecorderTools.RecorderAsync(root, "plugin", "sign", upgrade, "--key", privateKey, "--version", "1.0.1");
            recorder.Deploy(upgrade, collector.Id);
            Assert.True(await RunningHost.Eventually(() => recorder.Host.Plugins.Any(p => p.Id == collector.Id && p.Version == "1.0.1"), TimeSpan.FromSeconds(30)), Diagnose(recorder));
            var countAtUpgrade = ReadArchive(recorder).Count;
            Assert.True(await RunningHost.Eventually(() => ReadArchive(recorder).Count >= countAtUpgrade + 5, TimeSpan.FromSeconds(30)), Diagnose(recorder));
            archived = ReadArchive(recorder);
            Assert.Equal(Enumerable.Range(1, archived.Count).Select(i => (long)i), archived.Select(e => e.Sequence));
            // The 1.0.0 version (which bound its options with Bind<T>()) is unloaded and its load context collected.
            Assert.True(await RunningHost.Eventually(() => recorder.Host.StatusRows().Any(r =>
                r.Domain == "plugin." + collector.Id && r.Name.StartsWith("unload.1.0.0.", StringComparison.Ordinal) && r.Value == "collected"),
                TimeSpan.FromSeconds(30)), Diagnose(recorder));
            Phase("upgrade");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private sealed record ArchivedEvent(string? Type, string? Collector, long Sequence, string? Message, string? Site);

    private static List<ArchivedEvent> ReadArchive(RunningHost recorder)
    {
        var events = new List<ArchivedEvent>();
        foreach (var line in recorder.ReadLines("archive.jsonl"))
        {
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            var fields = e.GetProperty("fields");
            events.Add(new ArchivedEvent(
                e.GetProperty("type").GetString(),
                e.GetProperty("collector").GetString(),
                fields.GetProperty("sample.sequence").GetInt64(),
                fields.GetProperty("sample.message").GetString(),
                e.TryGetProperty("tags", out var tags) && tags.TryGetProperty("site", out var site) ? site.GetString() : null));
        }
        return events;
    }

    private static string Diagnose(RunningHost recorder) =>
        "status:\n" + string.Join('\n', recorder.Host!.StatusRows().Select(r => $"{r.Domain}\t{r.Name}\t{r.Value}")) + "\nlog:\n" + recorder.LogText;

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
