using System.Text;
using Recorder.Contracts.Ecs;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Sinks.Journal.Tests;

/// <summary>
/// The ECS mapping tables of docs/streaming.md are generated from the contracts' table (EcsMapping), between the
/// markers <c>ecs-mapping:begin</c> and <c>ecs-mapping:end</c>. This test fails when they are stale; run it with
/// RECORDER_UPDATE_DOCS=1 to rewrite them.
/// </summary>
public sealed class StreamingDocTests
{
    private const string Begin = "<!-- ecs-mapping:begin (generated from EcsMapping by tests/Recorder.Plugins.Sinks.Journal.Tests/StreamingDocTests.cs; RECORDER_UPDATE_DOCS=1 dotnet test tests/Recorder.Plugins.Sinks.Journal.Tests rewrites it) -->";
    private const string End = "<!-- ecs-mapping:end -->";

    [Fact]
    public void The_ecs_mapping_tables_of_streaming_md_match_the_contracts()
    {
        var path = Path.Combine(RepoPaths.Root, "docs", "streaming.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var stop = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"{path} has no {Begin} ... {End} section");
        var updated = text[..(start + Begin.Length)] + "\n" + Generate() + text[stop..];
        if (Environment.GetEnvironmentVariable("RECORDER_UPDATE_DOCS") == "1") File.WriteAllText(path, updated);
        Assert.True(updated == File.ReadAllText(path), $"{path} is stale: run this test with RECORDER_UPDATE_DOCS=1");
    }

    internal static string Generate()
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Written for every event, whatever its type:");
        text.AppendLine();
        text.AppendLine("| ECS field | Value |");
        text.AppendLine("|---|---|");
        text.AppendLine("| `@timestamp` | `event.time` (ISO 8601 UTC, 100 ns precision) |");
        text.AppendLine("| `event.kind` | `event` |");
        text.AppendLine("| `event.category`, `event.type` | from the categorization of the type (below); absent for a plugin's own type |");
        text.AppendLine("| `event.id` | `event.id` as text (`event.sequence` keeps it as a number) |");
        text.AppendLine("| `event.module` | `recorder` |");
        text.AppendLine("| `event.dataset` | `recorder.` + the first part of the type (`recorder.process`, `recorder.file`, ...) |");
        text.AppendLine("| `host.name`, `host.id`, `host.architecture`, `host.os.*` | the machine the event was recorded on; for a replayed or imported event only `host.name`, from its log |");
        text.AppendLine("| `labels` | the event's tags, dots in a key replaced by `_` (`audit.key` → `labels.audit_key`) |");
        text.AppendLine("| `recorder.replay.log_id` | the identity of the replayed log, for replayed and imported events |");
        text.AppendLine();
        text.AppendLine("Every Recorder field (default mapping; *Recorder only* fields are written as `recorder.` + their name):");
        text.AppendLine();
        text.AppendLine("| Recorder field | ECS field | Note |");
        text.AppendLine("|---|---|---|");
        foreach (var m in EcsMapping.Fields.Where(f => f.EventType is null))
            text.AppendLine($"| `{m.Field}` | {Ecs(m)} | {m.Note ?? ""} |");
        text.AppendLine();
        text.AppendLine("Per type overrides (an accepted connection came from its remote end; for logins and authentications `user.*` is the account):");
        text.AppendLine();
        text.AppendLine("| Event type | Recorder field | ECS field |");
        text.AppendLine("|---|---|---|");
        foreach (var m in EcsMapping.Fields.Where(f => f.EventType is not null))
            text.AppendLine($"| `{m.EventType}` | `{m.Field}` | {Ecs(m)} |");
        text.AppendLine();
        text.AppendLine("Categorization of each built-in type:");
        text.AppendLine();
        text.AppendLine("| Event type (`event.action`) | `event.category` | `event.type` |");
        text.AppendLine("|---|---|---|");
        foreach (var c in EcsMapping.Categorizations)
            text.AppendLine($"| `{c.EventType}` | `{string.Join("`, `", c.Categories)}` | `{string.Join("`, `", c.Types)}` |");
        text.AppendLine();
        return text.ToString();
    }

    private static string Ecs(EcsFieldMapping m) => m.EcsName is { } name ? $"`{name}`" : $"*Recorder only* (`{EcsMapping.RecorderOnlyPrefix}{m.Field}`)";
}
