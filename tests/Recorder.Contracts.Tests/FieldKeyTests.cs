using System.Reflection;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Tests;

/// <summary>Typed field handles: each belongs to one schema, points at its field, and carries the field's value type.</summary>
public sealed class FieldKeyTests
{
    private static IEnumerable<(EventSchema Schema, PropertyInfo Property, object Key)> HandlesOf(EventSchema schema) =>
        schema.GetType().GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(FieldKey<>))
            .Select(p => (schema, p, p.GetValue(schema)!));

    [Fact]
    public void Every_field_of_every_built_in_schema_has_a_handle_of_that_schema_at_its_ordinal()
    {
        foreach (var schema in EventSchemas.All)
        {
            var handles = HandlesOf(schema).ToList();
            foreach (var (_, property, key) in handles)
            {
                var keyType = key.GetType();
                var field = (EventField)keyType.GetProperty(nameof(FieldKey<string>.Field))!.GetValue(key)!;
                Assert.Same(schema, keyType.GetProperty(nameof(FieldKey<string>.Schema))!.GetValue(key));
                Assert.Same(schema[field.Name], field);
                Assert.Equal(field.Ordinal, (int)keyType.GetProperty(nameof(FieldKey<string>.Ordinal))!.GetValue(key)!);
            }
            var covered = handles.Select(h => ((EventField)h.Key.GetType().GetProperty("Field")!.GetValue(h.Key)!).Name).Order().ToArray();
            Assert.Equal(schema.Fields.Select(f => f.Name).Order().ToArray(), covered);
        }
    }

    [Fact]
    public void Shared_layouts_get_handles_per_schema_so_a_handle_of_one_type_is_refused_by_another()
    {
        var rename = new RecorderEvent(EventSchemas.FileRename);
        rename.Set(EventSchemas.FileRename.Path, "/tmp/new");
        rename.Set(EventSchemas.FileRename.OldPath, "/tmp/old");
        Assert.Equal("/tmp/new", rename["file.path"]);
        Assert.Equal("/tmp/old", rename.Get(EventSchemas.FileRename.OldPath));

        var error = Assert.Throws<ArgumentException>(() => rename.Set(EventSchemas.FileWrite.Path, "/tmp/x"));
        Assert.Contains("file.write", error.Message);
        Assert.Contains("file.rename", error.Message);
    }

    [Fact]
    public void Values_round_trip_through_handles_and_absent_or_foreign_values_read_as_null()
    {
        var start = new RecorderEvent(EventSchemas.ProcessStart);
        Assert.Null(start.Get(EventSchemas.ProcessStart.Argc));
        start.Set(EventSchemas.ProcessStart.Argc, 3);
        Assert.Equal(3L, start.Get(EventSchemas.ProcessStart.Argc));
        Assert.Equal(3L, start["process.argc"]); // stored as the long the sinks expect
        start["process.image_inode"] = "not a number"; // written by name with the wrong type
        Assert.Null(start.Get(EventSchemas.ProcessStart.ImageInode));
        start.Set(EventSchemas.ProcessStart.Argc, null);
        Assert.Null(start["process.argc"]);
    }

    [Fact]
    public void A_plugin_schema_resolves_handles_once_and_a_wrong_value_type_is_refused_naming_the_field()
    {
        var schema = new EventSchema("acme.sample", "A sample.",
        [
            new EventField("acme.size", FieldType.Int64, "Size."),
            new EventField("acme.argv", FieldType.StringList, "Arguments."),
        ]);
        var size = schema.Key<long?>("acme.size");
        var argv = schema.Key<IReadOnlyList<string>?>("acme.argv");
        var e = new RecorderEvent(schema);
        e.Set(size, 42);
        e.Set(argv, ["a", "b c"]);
        Assert.Equal(42L, e.Get(size));
        Assert.Equal(["a", "b c"], e.Get(argv)!);

        var error = Assert.Throws<ArgumentException>(() => schema.Key<string?>("acme.size"));
        Assert.Contains("acme.size", error.Message);
        Assert.Contains("Int64", error.Message);
        Assert.Throws<KeyNotFoundException>(() => schema.Key<long?>("acme.missing"));
    }
}
