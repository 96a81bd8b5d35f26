using System.Text.RegularExpressions;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Tests;

/// <summary>
/// The one ECS table: complete for every common and built-in field, and categorizations from the allowed values of
/// the pinned ECS release (8.11: event.category and event.type, with the types each category expects).
/// </summary>
public sealed partial class EcsMappingTests
{
    // ECS 8.11 event.category allowed values, each with its expected event.type values.
    private static readonly Dictionary<string, string[]> ExpectedTypesByCategory = new()
    {
        ["api"] = ["access", "admin", "allowed", "change", "creation", "deletion", "denied", "end", "info", "start", "user"],
        ["authentication"] = ["start", "end", "info"],
        ["configuration"] = ["access", "change", "creation", "deletion", "info"],
        ["database"] = ["access", "change", "info", "error"],
        ["driver"] = ["change", "end", "info", "start"],
        ["email"] = ["info"],
        ["file"] = ["change", "creation", "deletion", "info", "access"],
        ["host"] = ["access", "change", "end", "info", "start"],
        ["iam"] = ["admin", "change", "creation", "deletion", "group", "info", "user"],
        ["intrusion_detection"] = ["allowed", "denied", "info"],
        ["library"] = ["start"],
        ["malware"] = ["info"],
        ["network"] = ["access", "allowed", "connection", "denied", "end", "info", "protocol", "start"],
        ["package"] = ["access", "change", "deletion", "info", "installation", "start"],
        ["process"] = ["access", "change", "end", "info", "start"],
        ["registry"] = ["access", "change", "creation", "deletion"],
        ["session"] = ["start", "end", "info"],
        ["threat"] = ["indicator"],
        ["vulnerability"] = ["info"],
        ["web"] = ["access", "error", "info"],
    };

    [GeneratedRegex("^(@timestamp|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*)$")]
    private static partial Regex EcsNamePattern();

    [Fact]
    public void Every_common_field_and_every_built_in_field_has_an_ecs_name_or_is_marked_recorder_only()
    {
        var missing = new List<string>();
        foreach (var schema in EventSchemas.All)
            foreach (var field in CommonFields.All.Concat(schema.Fields))
                if (!EcsMapping.TryGetMapping(schema.Name, field.Name, out _)) missing.Add($"{schema.Name}: {field.Name}");
        Assert.Empty(missing);
        Assert.All(EcsMapping.Fields, m =>
        {
            if (m.EcsName is { } name) Assert.Matches(EcsNamePattern(), name);
            else Assert.False(string.IsNullOrWhiteSpace(m.Note), $"{m.Field} is Recorder-only without saying why");
        });
    }

    [Fact]
    public void Every_override_names_a_built_in_type_that_has_the_field()
    {
        foreach (var o in EcsMapping.Fields.Where(f => f.EventType is not null))
        {
            var schema = Assert.Single(EventSchemas.All, s => s.Name == o.EventType);
            Assert.True(CommonFields.TryGetField(o.Field, out _) || schema.TryGetField(o.Field, out _), $"{o.EventType} has no {o.Field}");
        }
    }

    [Fact]
    public void Every_built_in_type_has_a_categorization_with_allowed_values_its_categories_expect()
    {
        foreach (var schema in EventSchemas.All)
        {
            Assert.True(EcsMapping.TryGetCategorization(schema.Name, out var c), $"{schema.Name} has no ECS categorization");
            Assert.Equal("event", c.Kind);
            Assert.NotEmpty(c.Categories);
            Assert.NotEmpty(c.Types);
            foreach (var category in c.Categories)
            {
                Assert.True(ExpectedTypesByCategory.TryGetValue(category, out var expected), $"{schema.Name}: '{category}' is not an ECS category");
                foreach (var type in c.Types) Assert.True(expected.Contains(type), $"{schema.Name}: ECS category '{category}' does not expect type '{type}'");
            }
        }
    }

    [Theory]
    [InlineData(EventTypes.ProcessStart, "process.path", "process.executable")]
    [InlineData(EventTypes.ProcessStart, "process.cmd", "process.command_line")]
    [InlineData(EventTypes.ProcessStart, "process.args", "process.args")]
    [InlineData(EventTypes.ProcessStart, "process.guid", "process.entity_id")]
    [InlineData(EventTypes.ProcessStart, "process.parent_guid", "process.parent.entity_id")]
    [InlineData(EventTypes.FileWrite, "process.user_name", "user.name")]
    [InlineData(EventTypes.FileWrite, "process.uid", "user.id")]
    [InlineData(EventTypes.FileWrite, "process.login_uid", "user.audit.id")]
    [InlineData(EventTypes.FileWrite, "process.login_user_name", "user.audit.name")]
    [InlineData(EventTypes.FileWrite, "process.container_id", "container.id")]
    [InlineData(EventTypes.FileRename, "file.path", "file.path")]
    [InlineData(EventTypes.NetworkConnect, "network.local_address", "source.ip")]
    [InlineData(EventTypes.NetworkConnect, "network.remote_port", "destination.port")]
    [InlineData(EventTypes.NetworkAccept, "network.remote_address", "source.ip")]
    [InlineData(EventTypes.NetworkAccept, "network.local_port", "destination.port")]
    [InlineData(EventTypes.AuthFailure, "auth.account", "user.name")]
    [InlineData(EventTypes.AuthFailure, "process.user_name", "process.user.name")]
    [InlineData(EventTypes.FileWrite, "process.tty", "recorder.process.tty")]
    [InlineData("acme.sample", "acme.size", "recorder.acme.size")]
    public void Names_follow_ecs_and_the_direction_of_the_connection(string type, string field, string ecs) =>
        Assert.Equal(ecs, EcsMapping.NameOf(type, field));

    [Fact]
    public void Within_one_event_type_no_two_fields_share_an_ecs_name_except_the_os_specific_user_id()
    {
        foreach (var schema in EventSchemas.All)
        {
            var clashes = CommonFields.All.Concat(schema.Fields)
                .Select(f => (f.Name, Ecs: EcsMapping.NameOf(schema.Name, f.Name)))
                .GroupBy(p => p.Ecs).Where(g => g.Count() > 1)
                .Select(g => string.Join(", ", g.Select(p => p.Name)))
                // uid (Linux, macOS) and SID (Windows) are the same ECS field; an event has only one of them.
                .Where(names => names != "process.uid, process.user_sid")
                .ToList();
            Assert.True(clashes.Count == 0, $"{schema.Name}: {string.Join("; ", clashes)}");
        }
    }
}
