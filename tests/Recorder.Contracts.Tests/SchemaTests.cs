using Recorder.Contracts.Events;

namespace Recorder.Contracts.Tests;

/// <summary>The event model a third-party type relies on: schemas, values by name, common fields.</summary>
public sealed class SchemaTests
{
    [Fact]
    public void Every_built_in_type_has_a_unique_valid_name_and_unique_fields()
    {
        Assert.Equal(EventSchemas.All.Count, EventSchemas.All.Select(s => s.Name).Distinct().Count());
        Assert.All(EventSchemas.All, s => Assert.True(EventSchemaNames.IsValidTypeName(s.Name), s.Name));
        Assert.All(EventSchemas.All, s => Assert.Equal(s.Fields.Count, s.Fields.Select(f => f.Name).Distinct().Count()));
        var names = typeof(EventTypes).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order().ToArray();
        Assert.Equal(names, EventSchemas.All.Select(s => s.Name).Order().ToArray());
    }

    [Fact]
    public void A_plugin_declared_type_reads_and_writes_by_name_and_reaches_common_fields()
    {
        var schema = new EventSchema("acme.sample", "A sample.", [new EventField("acme.size", FieldType.Int64, "Size.")]);
        var e = new RecorderEvent(schema) { Outcome = EventOutcome.Failure };
        e["acme.size"] = 42L;
        e.Process.Executable = "/usr/bin/acme";
        e.Process.Ancestors = [new ProcessAncestor(Guid.NewGuid(), 1, "/usr/sbin/sshd", "sshd: alice", "root")];

        Assert.True(e.TryGetValue("acme.size", out var size));
        Assert.Equal(42L, size);
        Assert.True(e.TryGetValue("process.path", out var path));
        Assert.Equal("/usr/bin/acme", path);
        Assert.True(e.TryGetValue("event.outcome", out var outcome));
        Assert.Equal("failure", outcome);
        Assert.True(e.TryGetValue("process.ancestry_path", out var ancestry));
        Assert.Contains("/usr/sbin/sshd", (IEnumerable<string?>)ancestry!);
        Assert.False(e.TryGetValue("file.path", out _));
        var error = Assert.Throws<KeyNotFoundException>(() => e["file.path"]);
        Assert.Contains("acme.sample", error.Message);
    }

    [Theory]
    [InlineData("Acme.Sample")]
    [InlineData("acme")]
    [InlineData("acme..sample")]
    [InlineData("acme.sample!")]
    public void Invalid_type_names_are_refused_with_the_name(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new EventSchema(name, "", []));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void A_field_that_collides_with_a_common_field_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new EventSchema("acme.sample", "", [new EventField("process.pid", FieldType.Int64, "")]));
        Assert.Contains("process.pid", error.Message);
    }
}
