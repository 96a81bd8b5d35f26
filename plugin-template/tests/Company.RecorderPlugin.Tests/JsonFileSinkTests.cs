using System.Text.Json;
using Company.RecorderPlugin.Tests.Support;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin.Tests;

public sealed class JsonFileSinkTests
{
    [Fact]
    public async Task Writes_one_json_line_per_event_with_fields_and_tags()
    {
        var services = new TestPluginServices();
        var path = Path.Combine(services.DataDirectory, "events.jsonl");
        var sink = new JsonFileSinkProvider().CreateSink(new SinkContext(new TestOptions(new JsonFileSinkOptions { Path = path }), services));

        var rename = new RecorderEvent(EventSchemas.FileRename) { Id = 7, Time = DateTime.UtcNow, Collector = "test" };
        rename.Process.Pid = 42;
        rename["file.path"] = "/tmp/new";
        rename["file.old_path"] = "/tmp/old";
        rename.Tags["site"] = "lab-7";
        var exit = new RecorderEvent(EventSchemas.ProcessExit) { Id = 8, Time = DateTime.UtcNow, Collector = "test" };
        exit["process.exit_code"] = 3L;

        await sink.WriteBatchAsync([rename, exit], CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);
        await sink.ShutdownAsync(CancellationToken.None);

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            var root = first.RootElement;
            Assert.Equal(7, root.GetProperty("id").GetInt64());
            Assert.Equal("file.rename", root.GetProperty("type").GetString());
            Assert.Equal(42, root.GetProperty("pid").GetInt64());
            Assert.Equal("/tmp/old", root.GetProperty("fields").GetProperty("file.old_path").GetString());
            Assert.Equal("lab-7", root.GetProperty("tags").GetProperty("site").GetString());
        }
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(3, second.RootElement.GetProperty("fields").GetProperty("process.exit_code").GetInt64());
        Assert.Equal(2, services.Diagnostics.Counter("written").Value);
    }

    [Fact]
    public void A_missing_path_is_refused_naming_the_option()
    {
        var services = new TestPluginServices();
        var error = Assert.Throws<PluginOptionsException>(() => new JsonFileSinkProvider().CreateSink(new SinkContext(services.Settings, services)));
        Assert.Equal("path", error.Option);
    }
}
