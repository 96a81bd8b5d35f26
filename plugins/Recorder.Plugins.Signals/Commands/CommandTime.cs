using System.Globalization;

namespace Recorder.Plugins.Signals.Commands;

/// <summary>Times as every store question takes them: ISO 8601 (UTC unless it says otherwise), <c>now</c>, or <c>-90s</c>, <c>-30m</c>, <c>-2h</c>, <c>-7d</c>.</summary>
internal static class CommandTime
{
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

    /// <summary>The time of a stored event (<c>event.time</c> as the store prints it).</summary>
    public static DateTime? OfRecord(object? value) =>
        value is string text && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
