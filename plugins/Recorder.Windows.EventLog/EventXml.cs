using System.Globalization;
using Recorder.Windows.EventLog.BinXml;

namespace Recorder.Windows.EventLog;

/// <summary>Picks a <see cref="WindowsEvent"/>'s fields out of an Event element, whichever reader built it.</summary>
internal static class EventXml
{
    public static WindowsEvent ToWindowsEvent(XmlElementNode eventElement)
    {
        var system = eventElement.Child("System") ?? throw new InvalidDataException("the event has no System element");
        var provider = system.Child("Provider");
        var eventId = system.Child("EventID");
        var execution = system.Child("Execution");
        var timeCreated = system.Child("TimeCreated")?.Attribute("SystemTime");
        return new WindowsEvent
        {
            Provider = provider?.Attribute("Name") ?? "",
            ProviderGuid = provider?.Attribute("Guid"),
            EventId = eventId is null ? 0 : ParseInt(eventId.Text(), "EventID"),
            Qualifiers = eventId?.Attribute("Qualifiers") is { Length: > 0 } qualifiers ? ParseInt(qualifiers, "EventID/@Qualifiers") : null,
            Version = ParseOptionalInt(system.Child("Version")),
            Level = ParseOptionalInt(system.Child("Level")),
            Task = ParseOptionalInt(system.Child("Task")),
            Opcode = ParseOptionalInt(system.Child("Opcode")),
            Keywords = system.Child("Keywords")?.Text(),
            TimeCreated = timeCreated is null ? default : ParseTime(timeCreated),
            RecordId = system.Child("EventRecordID") is { } recordId && recordId.Text() is { Length: > 0 } recordText
                ? ulong.Parse(recordText, NumberStyles.None, CultureInfo.InvariantCulture) : 0,
            ActivityId = system.Child("Correlation")?.Attribute("ActivityID"),
            ProcessId = ParseUInt(execution?.Attribute("ProcessID")),
            ThreadId = ParseUInt(execution?.Attribute("ThreadID")),
            Channel = system.Child("Channel")?.Text() ?? "",
            Computer = system.Child("Computer")?.Text() ?? "",
            UserSid = system.Child("Security")?.Attribute("UserID"),
            Data = DataFields(eventElement),
        };
    }

    private static List<KeyValuePair<string, string>> DataFields(XmlElementNode eventElement)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (eventElement.Child("EventData") is { } eventData)
        {
            foreach (var child in eventData.Children)
            {
                if (child is not XmlElementNode element) continue;
                var name = element.Name == "Data" ? element.Attribute("Name") ?? "Data" : element.Name;
                fields.Add(new(name, element.Text()));
            }
        }
        else if (eventElement.Child("UserData") is { } userData)
        {
            foreach (var child in userData.Children)
                if (child is XmlElementNode top) AddLeaves(top, fields);
        }
        return fields;
    }

    private static void AddLeaves(XmlElementNode element, List<KeyValuePair<string, string>> fields)
    {
        var hasElements = false;
        foreach (var child in element.Children)
        {
            if (child is not XmlElementNode inner) continue;
            hasElements = true;
            if (inner.Children.Exists(c => c is XmlElementNode)) AddLeaves(inner, fields);
            else fields.Add(new(inner.Name, inner.Text()));
        }
        if (!hasElements) fields.Add(new(element.Name, element.Text()));
    }

    private static int ParseOptionalInt(XmlElementNode? element) =>
        element is not null && element.Text() is { Length: > 0 } text ? ParseInt(text, element.Name) : 0;

    private static int ParseInt(string text, string field) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value : throw new InvalidDataException($"{field} is not a number: '{text}'");

    private static uint ParseUInt(string? text) =>
        text is not null && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>Parses SystemTime as Windows and other renderers write it (any number of fraction digits, Z).</summary>
    public static DateTime ParseTime(string text)
    {
        // DateTime keeps 7 fraction digits; evtxexport writes 9 (nanoseconds), so cut the excess.
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time : throw new InvalidDataException($"TimeCreated/@SystemTime is not a time: '{text}'");
    }
}
