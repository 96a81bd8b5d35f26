using System.Composition.Hosting;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>The host finds the four enrichers through MEF, with their names and orders.</summary>
public sealed class CompositionTests
{
    [Fact]
    public void The_plugin_exports_four_enrichers_in_the_documented_order()
    {
        using var container = new ContainerConfiguration().WithAssembly(typeof(ProcessEnricherOptions).Assembly).CreateContainer();
        var exports = container.GetExports<Lazy<IEnricher, EnricherMetadata>>()
            .Select(e => (e.Metadata.Name, e.Metadata.Order, Type: e.Value.GetType().Name))
            .OrderBy(e => e.Order)
            .ToArray();
        Assert.Equal(
            new[] { ("process-table", 100, "ProcessTableEnricher"), ("users", 200, "UserEnricher"), ("paths", 300, "PathEnricher"), ("hashes", 400, "HashEnricher") },
            exports);
    }

    public sealed class EnricherMetadata
    {
        public string Name { get; set; } = "";
        public int Order { get; set; }
    }
}
