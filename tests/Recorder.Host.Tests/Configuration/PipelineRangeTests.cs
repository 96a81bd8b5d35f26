using Recorder.Host.Configuration;

namespace Recorder.Host.Tests.Configuration;

/// <summary>Pipeline sizes and timeouts out of range are refused when the configuration is read, naming file, line and key.</summary>
public sealed class PipelineRangeTests
{
    [Theory]
    [InlineData("ingress_capacity", "2147483647")]
    [InlineData("sink_queue_capacity", "2147483647")]
    [InlineData("batch_size", "2147483647")]
    [InlineData("batch_size", "0")]
    [InlineData("drain_timeout_s", "-5")]
    [InlineData("enrich_timeout_ms", "1")]
    public void A_value_out_of_range_names_the_file_line_and_key_and_the_range(string key, string value)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("recorder-config-").FullName, "recorder.yaml");
        File.WriteAllText(file, $"""
            data_dir: /tmp/recorder-range-test
            pipeline:
              {key}: {value}
            """);

        var error = Assert.Throws<ConfigurationException>(() => HostConfigurationLoader.Load(file));

        Assert.StartsWith($"{file}:3:", error.Message);
        Assert.Contains($"'pipeline.{key}' must be an integer from ", error.Message);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void Values_inside_the_ranges_are_taken()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("recorder-config-").FullName, "recorder.yaml");
        File.WriteAllText(file, """
            data_dir: /tmp/recorder-range-test
            pipeline:
              ingress_capacity: 16777216
              batch_size: 100000
              enrich_timeout_ms: 250
            """);

        var pipeline = HostConfigurationLoader.Load(file).Pipeline;

        Assert.Equal(16_777_216, pipeline.IngressCapacity);
        Assert.Equal(100_000, pipeline.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), pipeline.EnrichTimeout);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
