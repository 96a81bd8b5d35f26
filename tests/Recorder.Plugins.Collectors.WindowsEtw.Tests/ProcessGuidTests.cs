using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>
/// Process GUIDs as Sysmon builds them (machine, creation seconds, start key), and the live-process table that gives
/// every event the GUID of the process that had its PID at that moment, on the real trace and on PID reuse.
/// </summary>
public class ProcessGuidTests
{
    [Fact]
    public void The_guid_holds_the_machine_the_creation_seconds_as_sysmon_and_the_start_key()
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(0x5ce41a29).UtcDateTime; // as in a real Sysmon GUID (the EVTX fixtures)
        var guid = EtwProcessGuid.Create(0x365abb72, created, 0x0000_0010_7be4_2101);
        Assert.Equal(Guid.Parse("365abb72-1a29-5ce4-0000-00107be42101"), guid);
    }

    [Fact]
    public void A_reused_pid_gets_a_new_guid_and_later_events_follow_the_new_process()
    {
        var table = new EtwProcessTable("machine");
        var start = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var first = table.Started(1234, start, 0xffffca8681a70300, "a.exe", "a.exe");
        Assert.Equal(first, table.Exited(1234));
        Assert.Null(table.Find(1234));
        var second = table.Started(1234, start.AddSeconds(1), 0xffffca8681a70300, "b.exe", "b.exe");
        Assert.NotEqual(first.Guid, second.Guid);
        Assert.Equal(second, table.Find(1234));
        // An exit of a process never seen starting describes it without making it live.
        table.Unseen(999, start, 1, "c.exe", null);
        Assert.Null(table.Find(999));
    }

    [Fact]
    public void Kernel_process_start_keys_that_arrive_first_make_the_guid()
    {
        var table = new EtwProcessTable("machine");
        var created = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        table.StartKey(4321, 0x2a, created);
        var process = table.Started(4321, created.AddMilliseconds(1), 0xffffca8681a70300, "x.exe", null);
        Assert.Equal(EtwProcessGuid.Create(EtwProcessGuid.MachineKey("machine"), created, 0x2a), process.Guid);
    }

    [Fact]
    public void In_the_real_trace_every_image_load_carries_the_guid_of_the_process_it_loads_into()
    {
        var events = EtlFixtures.MapAll(EtlFixtures.TracePath);
        var starts = events.Where(e => e.Type == EventTypes.ProcessStart).ToList();
        Assert.Equal(starts.Count, starts.Select(e => e.Process.ProcessGuid).Distinct().Count());
        var byPid = starts.GroupBy(e => e.Process.Pid).ToDictionary(g => g.Key!.Value, g => g.Select(e => e.Process.ProcessGuid).ToHashSet());
        var images = events.Where(e => e.Type == EventTypes.ImageLoad).ToList();
        // (An image event of a PID after its process exited has no process: no GUID rather than a wrong one.)
        Assert.All(images.Where(e => e.Process.ProcessGuid != Guid.Empty),
            e => Assert.Contains(e.Process.ProcessGuid, byPid[e.Process.Pid!.Value]));
        Assert.True(images.Count(e => e.Process.ProcessGuid != Guid.Empty) > 6000);
        // Exits of processes running at the start keep their GUID.
        var exits = events.Where(e => e.Type == EventTypes.ProcessExit).ToList();
        Assert.Contains(exits, e => starts.Any(s => s.Process.ProcessGuid == e.Process.ProcessGuid));
    }
}
