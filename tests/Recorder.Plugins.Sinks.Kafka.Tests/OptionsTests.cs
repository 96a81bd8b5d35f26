using Recorder.Plugins.Sinks.Kafka.Tests.Support;

namespace Recorder.Plugins.Sinks.Kafka.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("brokers: \"\"", "brokers")]
    [InlineData("brokers: kafka1", "brokers")]
    [InlineData("brokers: \"kafka1:99999\"", "brokers")]
    [InlineData("brokers: \"k:9092\"\ntopic: \"events of {category}\"", "topic")]
    [InlineData("brokers: \"k:9092\"\nformat: xml", "format")]
    [InlineData("brokers: \"k:9092\"\ncompression: brotli", "compression")]
    [InlineData("brokers: \"k:9092\"\nhost_id: \"a/b\"", "host_id")]
    [InlineData("brokers: \"k:9092\"\nproducer: { acks: \"1\" }", "producer.acks")]
    [InlineData("brokers: \"k:9092\"\nproducer: { enable.idempotence: \"false\" }", "producer.enable.idempotence")]
    [InlineData("brokers: \"k:9092\"\nproducer: { bootstrap.servers: \"x:1\" }", "producer.bootstrap.servers")]
    [InlineData("brokers: \"k:9092\"\nspool_max_mb: 10\nspool_segment_mb: 6", "spool_segment_mb")]
    [InlineData("brokers: \"k:9092\"\nspool_max_mb: 0", "spool_max_mb")]
    [InlineData("brokers: \"k:9092\"\nunhealthy_after_seconds: 0", "unhealthy_after_seconds")]
    [InlineData("brokers: \"k:9092\"\nspool_budget: 3", "spool_budget")]
    public void A_bad_option_is_named(string yaml, string option)
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var error = Assert.Throws<PluginOptionsException>(() => new KafkaSinkProvider().CreateSink(new SinkContext(KafkaTestSink.Options(yaml), services)));
        Assert.Equal(option, error.Option);
    }

    [Fact]
    public void A_setting_librdkafka_does_not_know_is_named_with_the_producer_options()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var options = KafkaTestSink.Options($"brokers: \"k:9092\"\nspool_path: {dir.File("spool")}\nproducer: {{ no.such.setting: \"1\" }}");
        var error = Assert.Throws<PluginOptionsException>(() => new KafkaSinkProvider().CreateSink(new SinkContext(options, services)));
        Assert.Equal("producer", error.Option);
        Assert.Contains("no.such.setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_topic_template_sends_each_category_to_its_own_topic()
    {
        var template = TopicTemplate.Parse("recorder.{category}");
        Assert.Equal("recorder.file", template.For("file.write"));
        Assert.Equal("recorder.process", template.For("process.start"));
        Assert.Equal("fixed", TopicTemplate.Parse("fixed").For("file.write"));
    }
}
