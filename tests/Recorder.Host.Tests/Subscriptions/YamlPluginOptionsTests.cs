using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;
using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>Binding sink and plugin options from YAML, with errors that point at the key.</summary>
public sealed class YamlPluginOptionsTests
{
    public sealed class SqliteLikeOptions
    {
        public string Path { get; set; } = "default.db";
        public int MaxAgeDays { get; set; } = 30;
        public long MaxSizeMb { get; set; }
        public bool Vacuum { get; set; }
        public List<string> ExcludeTypes { get; set; } = new();
        public Dictionary<string, string> Labels { get; set; } = new();
        public RetentionOptions? Retention { get; set; }
        public TimeSpan FlushInterval { get; set; }
    }

    public sealed class RetentionOptions
    {
        public int KeepDays { get; set; }
    }

    private static YamlPluginOptions Options(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return YamlPluginOptions.FromNode(root.Children[new YamlScalarNode("options")], "sub.yaml");
    }

    [Fact]
    public void Binds_snake_case_camel_case_and_exact_names()
    {
        var options = Options("""
            options:
              path: recorder.db
              max_age_days: 90
              maxSizeMb: 1024
              Vacuum: true
              exclude_types: [file.read, dns.query]
              labels: { Site_Name: lab }
              retention: { keep_days: 7 }
              flush_interval: 00:00:02
            """).Bind<SqliteLikeOptions>();
        Assert.Equal("recorder.db", options.Path);
        Assert.Equal(90, options.MaxAgeDays);
        Assert.Equal(1024, options.MaxSizeMb);
        Assert.True(options.Vacuum);
        Assert.Equal(["file.read", "dns.query"], options.ExcludeTypes);
        Assert.Equal("lab", options.Labels["Site_Name"]); // dictionary keys are data, not renamed
        Assert.Equal(7, options.Retention!.KeepDays);
        Assert.Equal(TimeSpan.FromSeconds(2), options.FlushInterval);
    }

    [Fact]
    public void Unknown_key_names_the_key_and_its_location()
    {
        var ex = Assert.Throws<PluginOptionsException>(() => Options("""
            options:
              path: recorder.db
              max_age_dayz: 90
            """).Bind<SqliteLikeOptions>());
        Assert.Equal("max_age_dayz", ex.Option);
        Assert.Contains("sub.yaml:3:3", ex.Message);
        Assert.Contains("max_age_days", ex.Message); // the known options are listed
    }

    [Fact]
    public void Unknown_nested_key_names_its_path()
    {
        var ex = Assert.Throws<PluginOptionsException>(() => Options("options:\n  retention:\n    keep: 7\n").Bind<SqliteLikeOptions>());
        Assert.Equal("retention.keep", ex.Option);
        Assert.Contains("sub.yaml:3:5", ex.Message);
    }

    [Fact]
    public void Wrong_value_type_names_the_key_and_its_location()
    {
        var ex = Assert.Throws<PluginOptionsException>(() => Options("options:\n  path: x\n  max_age_days: ninety\n").Bind<SqliteLikeOptions>());
        Assert.Equal("max_age_days", ex.Option);
        Assert.Contains("sub.yaml:3:17", ex.Message);
    }

    [Fact]
    public void Values_source_and_empty_options()
    {
        var options = Options("# comment\noptions:\n  path: recorder.db\n  max_age_days: 90\n  nested: { a: 1 }\n  none: ~\n");
        Assert.Equal("sub.yaml:3", options.Source);
        Assert.Equal("recorder.db", options.Values["path"]);
        Assert.Equal("90", options.Values["max_age_days"]);
        Assert.Null(options.Values["none"]);
        Assert.False(options.Values.ContainsKey("nested"));

        var empty = YamlPluginOptions.Empty("recorder.yaml");
        Assert.Equal("recorder.yaml", empty.Source);
        Assert.Empty(empty.Values);
        Assert.Equal(30, empty.Bind<SqliteLikeOptions>().MaxAgeDays);
        Assert.Equal("default.db", YamlPluginOptions.FromNode(null, "x.yaml").Bind<SqliteLikeOptions>().Path);
    }

    [Fact]
    public void A_sequence_is_not_options() =>
        Assert.Throws<PluginOptionsException>(() => Options("options: [a, b]\n"));

    [Fact]
    public void Canonical_text_ignores_key_spelling_and_order()
    {
        Assert.Equal(Options("options: { path: a, max_age_days: 1 }").CanonicalText, Options("options: { maxAgeDays: 1, path: a }").CanonicalText);
        Assert.NotEqual(Options("options: { path: a }").CanonicalText, Options("options: { path: b }").CanonicalText);
    }
}
