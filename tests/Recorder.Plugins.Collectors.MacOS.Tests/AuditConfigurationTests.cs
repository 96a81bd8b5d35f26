using Recorder.Contracts.Events;
using Recorder.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.Bsm;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.MacOS.Tests;

/// <summary>
/// Recorder's own audit class, written into copies of OpenBSM's real audit_class and audit_event: one bit no other
/// class uses, on exactly the events the subscriptions need; applying twice changes nothing, changed subscriptions
/// move the events, and uninstalling gives back the original files byte for byte.
/// </summary>
public sealed class AuditConfigurationTests
{
    private static string Etc(string name) => File.ReadAllText(Path.Combine(RepoPaths.SharedData, "macos-bsm", "openbsm", "etc", name));

    private static readonly string OriginalClasses = Etc("audit_class");
    private static readonly string OriginalEvents = Etc("audit_event");

    [Fact]
    public void Our_class_takes_a_bit_no_other_class_uses_and_keeps_every_other_line()
    {
        var result = AuditConfiguration.Apply(OriginalClasses, OriginalEvents, [EventTypes.ProcessStart]);

        var classes = AuditClassFile.Parse(result.ClassText).Classes;
        Assert.Equal(result.ClassMask, classes["rec"]);
        Assert.Equal(1, System.Numerics.BitOperations.PopCount(result.ClassMask));
        Assert.All(classes.Where(c => c.Key is not ("rec" or "all")), c => Assert.Equal(0u, c.Value & result.ClassMask));
        Assert.StartsWith(OriginalClasses, result.ClassText);
        Assert.EndsWith($"0x{result.ClassMask:x8}:rec:Recorder (endpoint flight recorder)\n", result.ClassText);
        // Comments and untouched event lines are the same lines as before.
        var before = OriginalEvents.Split('\n');
        var after = result.EventText.Split('\n');
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(result.ChangedEventLines, before.Zip(after).Count(p => p.First != p.Second));
        Assert.Contains("23:AUE_EXECVE:execve(2):pc,ex,rec", after);
        Assert.Contains("43190:AUE_POSIX_SPAWN:posix_spawn(2):pc,rec", after);
        Assert.Contains("1:AUE_EXIT:exit(2):pc,rec", after);
        Assert.Contains("32:AUE_CONNECT:connect(2):nt", after); // not subscribed
        Assert.All(before.Where(l => l.StartsWith('#')), c => Assert.Contains(c, after));
    }

    [Fact]
    public void Applying_twice_changes_nothing_the_second_time()
    {
        var types = new[] { EventTypes.ProcessStart, EventTypes.FileWrite, EventTypes.NetworkConnect, EventTypes.SessionLogin };
        var once = AuditConfiguration.Apply(OriginalClasses, OriginalEvents, types);
        var twice = AuditConfiguration.Apply(once.ClassText, once.EventText, types);

        Assert.Equal(0, twice.ChangedEventLines);
        Assert.Equal(once.ClassText, twice.ClassText);
        Assert.Equal(once.EventText, twice.EventText);
        Assert.Equal(once.ClassMask, twice.ClassMask);
        Assert.Contains((ushort)45021, once.Events);
        Assert.Contains((ushort)76, once.Events);
    }

    [Fact]
    public void When_the_subscriptions_change_the_events_follow()
    {
        var first = AuditConfiguration.Apply(OriginalClasses, OriginalEvents, [EventTypes.ProcessStart, EventTypes.NetworkConnect]);
        var second = AuditConfiguration.Apply(first.ClassText, first.EventText, [EventTypes.ProcessStart, EventTypes.FileDelete]);

        Assert.Contains((ushort)32, first.Events);
        Assert.DoesNotContain((ushort)32, second.Events);
        Assert.Contains((ushort)6, second.Events);
        Assert.Contains("32:AUE_CONNECT:connect(2):nt", second.EventText.Split('\n'));
        Assert.Contains("6:AUE_UNLINK:unlink(2):fd,rec", second.EventText.Split('\n'));
    }

    [Fact]
    public void Uninstalling_gives_back_the_original_files_byte_for_byte()
    {
        var applied = AuditConfiguration.Apply(OriginalClasses, OriginalEvents, EventSchemas.All.Select(s => s.Name));
        Assert.True(applied.ChangedEventLines > 50);

        var (classes, events) = AuditConfiguration.Uninstall(applied.ClassText, applied.EventText);

        Assert.Equal(OriginalClasses, classes);
        Assert.Equal(OriginalEvents, events);
    }

    [Fact]
    public void Files_on_disk_edited_in_place_on_copies()
    {
        var dir = Directory.CreateTempSubdirectory("recorder-audit-etc-").FullName;
        try
        {
            var classPath = Path.Combine(dir, "audit_class");
            var eventPath = Path.Combine(dir, "audit_event");
            File.WriteAllText(classPath, OriginalClasses);
            File.WriteAllText(eventPath, OriginalEvents);

            var result = AuditConfiguration.Apply(File.ReadAllText(classPath), File.ReadAllText(eventPath), [EventTypes.FileRename]);
            File.WriteAllText(classPath, result.ClassText);
            File.WriteAllText(eventPath, result.EventText);
            Assert.Equal(AuditClassFile.Parse(File.ReadAllText(classPath)).Classes["rec"], result.ClassMask);
            Assert.Equal(result.Events, AuditEventFile.Parse(File.ReadAllText(eventPath)).EventsOf("rec"));
            Assert.Contains((ushort)42, result.Events);

            var preselection = new AuditPipePreselection(result.ClassMask, AuditPipePreselection.DefaultQueueLimit);
            Assert.Equal((result.ClassMask, result.ClassMask), preselection.Flags);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_class_file_with_every_free_bit_taken_is_refused_with_the_reason()
    {
        var full = OriginalClasses + string.Concat(Enumerable.Range(15, 14).Select(b => $"0x{1u << b:x8}:x{b}:taken\n"));
        var error = Assert.Throws<InvalidOperationException>(() => AuditConfiguration.Apply(full, OriginalEvents, [EventTypes.ProcessStart]));
        Assert.Contains("no bit is left for class 'rec'", error.Message);
    }
}
