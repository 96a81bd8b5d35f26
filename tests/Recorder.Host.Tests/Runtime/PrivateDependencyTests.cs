using System.Runtime.Loader;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// Plugins share only the contracts and MEF's attributes with the host: every other assembly they use comes
/// from their own verified bundle, in their own load context, even where the host has a copy of its own.
/// </summary>
public sealed class PrivateDependencyTests
{
    [Fact]
    public async Task Two_plugins_with_different_versions_of_one_dependency_each_run_their_own()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.Deploy("Recorder.TestPlugins.Yaml15", "test.yaml15", 1);
        bed.Deploy("Recorder.TestPlugins.Yaml17", "test.yaml17", 1);
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 500" });

        // The host itself runs a third version, from its own folder.
        var hostYaml = typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly;
        Assert.Equal(16, hostYaml.GetName().Version!.Major);
        Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(hostYaml));

        // Both work: each parsed YAML with its own copy, loaded from its own staged bundle.
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 50), bed.LogText);
        foreach (var (name, major) in new[] { ("test-yaml15", 15), ("test-yaml17", 17) })
        {
            Assert.Equal(name, bed.StatusValue("enricher." + name, "parsed"));
            var reported = bed.StatusValue("enricher." + name, "yamldotnet");
            Assert.StartsWith($"{major}.", reported);
            var plugin = host.Plugins.Single(p => p.Id == name.Replace('-', '.'));
            Assert.Contains(" from " + plugin.StagedDirectory, reported);
            Assert.Equal($"{major}.0.0.0 from {Path.Combine(plugin.StagedDirectory, "YamlDotNet.dll")}",
                bed.StatusValue("plugin." + plugin.Id, "assembly.YamlDotNet"));
        }
        // Every event went through both, each tagging the version it ran.
        var tags = bed.ReadSink("events.tsv").Select(l => l[4]).Distinct().ToArray();
        Assert.All(tags, t =>
        {
            Assert.Contains("test-yaml15=15.0.0.0", t);
            Assert.Contains("test-yaml17=17.0.0.0", t);
        });
    }

    [Fact]
    public async Task Only_the_contracts_and_mef_attributes_are_shared_with_the_host()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Yaml15", "test.yaml15", 1);
        var host = await bed.StartAsync();

        var plugin = host.Plugins.Single();
        var inPlugin = plugin.Assembly.Assemblies();
        // Its entry assembly and its private dependency, both from its staging folder; nothing else.
        Assert.Equal(["Recorder.TestPlugins.Yaml15", "YamlDotNet"], inPlugin.Select(a => a.Name));
        Assert.All(inPlugin, a => Assert.StartsWith(plugin.StagedDirectory + Path.DirectorySeparatorChar, a.Location));
        // What its context resolves from the host, beyond the framework itself: the contracts and MEF's attributes only.
        var context = AssemblyLoadContext.GetLoadContext(plugin.Assembly.Enrichers.Single().Enricher.GetType().Assembly)!;
        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var fromHost = context.Assemblies
            .SelectMany(a => a.GetReferencedAssemblies())
            .Select(context.LoadFromAssemblyName)
            .Where(a => AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default && !a.Location.StartsWith(runtimeDirectory, StringComparison.Ordinal))
            .Select(a => a.GetName().Name!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Contains("Recorder.Contracts", fromHost);
        Assert.Empty(fromHost.Except(["Recorder.Contracts", "System.Composition.AttributedModel"]));
        // Its YamlDotNet is its own even though the host has one loaded.
        Assert.NotEqual(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(context.LoadFromAssemblyName(new("YamlDotNet"))));
    }
}
