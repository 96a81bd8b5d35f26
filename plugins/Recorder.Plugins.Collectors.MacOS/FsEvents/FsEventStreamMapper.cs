using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.MacOS.FsEvents;

/// <summary>
/// Turns what the live FSEvents stream delivers (a path, its flags, its event id) into Recorder events: one per
/// change the flags name, with the path and no process (FSEvents knows none: it complements the attributed sources
/// — EndpointSecurity, BSM — under folders they do not cover), or a <c>recorder.loss</c> marker when the stream says
/// it dropped events. OS-neutral, so it is tested on Linux with the API's documented flags.
/// </summary>
internal sealed class FsEventStreamMapper(Func<string, bool> isWanted)
{
    /// <summary>The events for one stream event received at <paramref name="time"/>.</summary>
    public IEnumerable<RecorderEvent> Map(string path, uint flags, ulong eventId, DateTime time)
    {
        if (FsEventStreamFlags.LossReason(flags) is { } reason)
        {
            // Loss markers go to every store that would have held the lost events, like the other collectors'.
            var schema = EventSchemas.RecorderLoss;
            var marker = new RecorderEvent(schema) { Time = time, Outcome = EventOutcome.Failure };
            marker.Set(schema.Reason, reason);
            marker.Tags["fsevents.path"] = path; // the folder whose events are incomplete
            marker.Set(schema.Unit, "events");
            marker.Set(schema.Source, "macos-fsevents");
            marker.Set(schema.FirstTime, time);
            marker.Set(schema.LastTime, time);
            yield return marker;
            yield break;
        }
        foreach (var schema in FsEventStreamFlags.SchemasOf(flags))
        {
            if (!isWanted(schema.Name)) continue;
            var e = new RecorderEvent(schema) { Time = time, Outcome = EventOutcome.Success };
            e.Set(schema.Path, path);
            e.Tags["fsevents.event_id"] = eventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            e.Tags["fsevents.flags"] = $"0x{flags:x8}";
            e.Tags["fsevents.item"] = (flags & FsEventStreamFlags.ItemIsDir) != 0 ? "folder" : (flags & FsEventStreamFlags.ItemIsSymlink) != 0 ? "symlink" : "file";
            yield return e;
        }
    }
}
