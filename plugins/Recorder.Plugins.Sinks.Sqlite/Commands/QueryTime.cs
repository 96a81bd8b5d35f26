using System.Globalization;
using Recorder.Contracts.Commands;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary>Times as the query commands accept them.</summary>
internal static class QueryTime
{
    /// <summary>The optional --since/--until of file and net: only the partitions of that window are read.</summary>
    public static CommandOption[] Window() =>
    [
        new() { Name = "since", Description = "Only events at or after this time (ISO 8601, or relative such as -2h, -7d)." },
        new() { Name = "until", Description = "Only events at or before this time (like --since)." },
    ];

    /// <summary>The time an optional option gives, or null.</summary>
    public static DateTime? Optional(CommandInvocation invocation, string option) =>
        invocation.GetText(option) is { } text ? Parse("--" + option, text) : null;

    /// <summary>ISO 8601 (UTC unless an offset is given), <c>now</c>, or relative to now: <c>-90s</c>, <c>-30m</c>, <c>-2h</c>, <c>-7d</c>.</summary>
    public static DateTime Parse(string option, string text)
    {
        var now = DateTime.UtcNow;
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase)) return now;
        if (text.Length >= 3 && text[0] == '-' && double.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            switch (text[^1])
            {
                case 's': return now.AddSeconds(-amount);
                case 'm': return now.AddMinutes(-amount);
                case 'h': return now.AddHours(-amount);
                case 'd': return now.AddDays(-amount);
            }
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw new FormatException($"{option}: '{text}' is not a time (use ISO 8601 such as 2026-11-24T10:00:00Z, 'now', or -30m, -2h, -7d)");
    }
}
