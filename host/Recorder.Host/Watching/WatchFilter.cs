using System.Text;
using System.Text.Json;
using Recorder.Contracts.Plugins;
using Recorder.Host.Subscriptions;

namespace Recorder.Host.Watching;

/// <summary>
/// Turns a watch request into a <see cref="Subscription"/> with the subscription parser itself, so the types and
/// filters of a watcher mean exactly what they mean in a subscription file (docs/subscriptions.md) and are
/// refused with the same messages.
/// </summary>
internal static class WatchFilter
{
    private const string SinkName = "watch";

    /// <summary>The compiled subscription; throws <see cref="WatchRequestException"/> naming the bad type or filter.</summary>
    public static Subscription Compile(WatchRequest request, IEventSchemaRegistry schemas)
    {
        // One line per type list and filter, so that an error's line says which part of the request it is about.
        var yaml = new StringBuilder();
        var parts = new Dictionary<int, string>();
        void Line(string text, string? part = null)
        {
            yaml.Append(text).Append('\n');
            if (part is not null) parts[CountLines(yaml) ] = part;
        }
        Line("module: watch");
        Line("subscriptions:");
        Line("  - name: watch");
        Line("    sink: " + SinkName);
        Line("    events: [" + string.Join(", ", request.Types.Select(t => JsonSerializer.Serialize(t))) + "]", "types");
        AddFilters("include", request.Include);
        AddFilters("exclude", request.Exclude);

        var file = new SubscriptionParser(schemas, name => name == SinkName).ParseText(yaml.ToString(), "watch request");
        if (file.Errors.Count > 0)
            throw new WatchRequestException(string.Join("; ", file.Errors.Select(e =>
                (parts.TryGetValue(e.Line, out var part) ? part + ": " : "") + e.Message)));
        return file.Subscriptions.Single();

        void AddFilters(string key, IReadOnlyList<string> filters)
        {
            if (filters.Count == 0) return;
            Line($"    {key}:");
            for (var i = 0; i < filters.Count; i++)
            {
                // A filter is one flow mapping; a single term may be given without its braces.
                var text = filters[i].ReplaceLineEndings(" ").Trim();
                if (!text.StartsWith('{')) text = "{" + text + "}";
                Line("      - " + text, $"{key} filter {i + 1} ({filters[i].Trim()})");
            }
        }
    }

    private static int CountLines(StringBuilder text)
    {
        var lines = 0;
        for (var i = 0; i < text.Length; i++) if (text[i] == '\n') lines++;
        return lines;
    }
}
