using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Subscriptions;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>A registry over the built-in schemas (plus any given), and the helpers the subscription tests share.</summary>
internal sealed class TestSchemas(params EventSchema[] extra) : IEventSchemaRegistry
{
    private readonly EventSchema[] _all = EventSchemas.All.Concat(extra).ToArray();

    public IReadOnlyCollection<EventSchema> All => _all;

    public bool TryGet(string typeName, out EventSchema schema)
    {
        schema = _all.FirstOrDefault(s => s.Name == typeName)!;
        return schema is not null;
    }

    public static readonly string[] Sinks = ["sqlite", "journal"];

    public static bool SinkExists(string name) => Sinks.Contains(name);

    public static SubscriptionParser Parser(IEventSchemaRegistry? schemas = null) => new(schemas ?? new TestSchemas(), SinkExists);

    /// <summary>Parses text that must be valid and returns its only subscription.</summary>
    public static Subscription Single(string yaml)
    {
        var file = Parser().ParseText(yaml, "test.yaml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors));
        return Assert.Single(file.Subscriptions);
    }

    /// <summary>A one-subscription module over <paramref name="events"/> with the given include/exclude YAML (indented by 4).</summary>
    public static Subscription WithFilters(string events, string filters) => Single($"""
        module: test
        subscriptions:
          - name: s
            events: {events}
            sink: sqlite
        {filters}
        """);

    public static RecorderEvent Event(EventSchema schema, string? exe = "/usr/bin/true", params string[] ancestry)
    {
        var e = new RecorderEvent(schema) { Id = 1, Time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), Outcome = EventOutcome.Success };
        e.Process.Executable = exe;
        e.Process.Pid = 100;
        e.Process.Ancestors = ancestry.Select((a, i) => new ProcessAncestor(Guid.NewGuid(), 50 - i, a, a + " -D", "root")).ToArray();
        return e;
    }

    public static RecorderEvent FileEvent(string path, string exe = "/usr/bin/vim")
    {
        var e = Event(EventSchemas.FileWrite, exe);
        e["file.path"] = path;
        return e;
    }
}
