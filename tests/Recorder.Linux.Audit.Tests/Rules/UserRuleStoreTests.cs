using Recorder.Linux.Audit.Rules;

namespace Recorder.Linux.Audit.Tests.Rules;

/// <summary>register / get / remove of user-defined rules, on real files.</summary>
public sealed class UserRuleStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recorder-user-store-").FullName;
    private readonly string _secret;

    public UserRuleStoreTests() => _secret = Directory.CreateDirectory(Path.Combine(_directory, "secret")).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private UserRuleStore NewStore() => new(Path.Combine(_directory, "data"));

    private string GoodRules => $"# read of secrets\n\n-a always,exit -F arch=b64 -S open,openat -F dir={_secret} -F perm=r -k secret-read\n-A never,exit -F arch=b64 -S all -F exe=/usr/bin/true\n";

    [Fact]
    public void Registered_rules_are_kept_as_written_in_a_root_only_file_and_load_again()
    {
        var store = NewStore();

        var result = store.Register(GoodRules, "admin.rules");

        Assert.True(result.IsAccepted);
        Assert.True(store.HasRules);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(store.FilePath)!));
        Assert.Equal(Path.Combine(_directory, "data", "audit", "user-rules.rules"), store.FilePath);

        var reopened = NewStore();
        Assert.True(reopened.Load().IsAccepted);
        Assert.Equal(
            [$"-a always,exit -F arch=b64 -S open,openat -F dir={_secret} -F perm=r -k secret-read", "-A never,exit -F arch=b64 -S all -F exe=/usr/bin/true"],
            reopened.Entries.Select(e => e.Text));
        Assert.Equal(AuditRuleCommand.Prepend, reopened.Rules[1].Command);
        Assert.Equal(["secret-read"], reopened.Rules[0].Keys);
    }

    [Fact]
    public void Every_other_line_is_refused_with_its_number_and_reason_and_nothing_is_applied()
    {
        var store = NewStore();
        Assert.True(store.Register(GoodRules, "first.rules").IsAccepted);
        var before = File.ReadAllText(store.FilePath);

        var result = store.Register(
            "-a always,exit -F arch=b64 -S openat -k fine\n" +  // 1: acceptable on its own
            "-w /etc/passwd -p wa -k watch\n" +                  // 2
            "-D\n" +                                             // 3
            "-e 2\n" +                                           // 4
            "# a comment is fine\n" +                            // 5
            "this is garbage\n" +                                // 6
            "-a always,exit -F arch=b64 -S openat -F dir=/does/not/exist -F perm=r\n" + // 7
            "-b 8192\n" +                                        // 8
            "-a always,exit -F arch=b64 -S openat -k fine\n",    // 9: same as 1
            "bad.rules");

        Assert.False(result.IsAccepted);
        Assert.Empty(result.Rules);
        Assert.Equal([2, 3, 4, 6, 7, 8, 9], result.Refusals.Select(r => r.LineNumber));
        var reasons = result.Refusals.Select(r => r.ToString()).ToArray();
        Assert.StartsWith("bad.rules:2: watches (-w/-W) are not accepted", reasons[0]);
        Assert.StartsWith("bad.rules:3: deleting all rules (-D)", reasons[1]);
        Assert.StartsWith("bad.rules:4: changing the audit enabled state (-e)", reasons[2]);
        Assert.StartsWith("bad.rules:6: argument given without an option", reasons[3]);
        Assert.StartsWith("bad.rules:7: dir=/does/not/exist does not exist on this system", reasons[4]);
        Assert.StartsWith("bad.rules:8: setting the backlog limit (-b)", reasons[5]);
        Assert.StartsWith("bad.rules:9: the same rule as line 1", reasons[6]);
        Assert.Equal(before, File.ReadAllText(store.FilePath)); // the earlier registration stands
        Assert.Equal(2, NewStore().Load().Rules.Count);
    }

    [Fact]
    public void A_file_with_no_rules_is_refused()
    {
        var result = NewStore().Register("# nothing\n\n", "empty.rules");

        Assert.False(result.IsAccepted);
        Assert.Contains("holds no rules", Assert.Single(result.Refusals).Reason);
    }

    [Fact]
    public void A_registered_folder_that_disappears_makes_the_set_refused_at_load()
    {
        Assert.True(NewStore().Register(GoodRules, "admin.rules").IsAccepted);
        Directory.Delete(_secret);

        var store = NewStore();
        var loaded = store.Load();

        Assert.False(loaded.IsAccepted);
        Assert.False(store.HasRules);
        Assert.Contains($"dir={_secret} does not exist", Assert.Single(loaded.Refusals).Reason);
        Assert.Equal(3, loaded.Refusals[0].LineNumber); // line 3 of the stored file: after its two header lines
    }

    [Fact]
    public void Remove_deletes_the_registration()
    {
        var store = NewStore();
        store.Register(GoodRules, "admin.rules");

        Assert.True(store.Remove());

        Assert.False(store.HasRules);
        Assert.False(File.Exists(store.FilePath));
        Assert.False(NewStore().Load().Rules.Any());
        Assert.False(store.Remove());
    }

    [Fact]
    public void A_running_host_is_told_when_rules_are_registered_or_removed()
    {
        var watched = NewStore();
        using var changed = new SemaphoreSlim(0);
        using var watch = watched.WatchForChanges(() => changed.Release());

        NewStore().Register(GoodRules, "admin.rules");
        Assert.True(changed.Wait(TimeSpan.FromSeconds(10)), "no change notice after register");
        Assert.True(watched.Load().IsAccepted);
        Assert.True(watched.HasRules);

        while (changed.Wait(200)) { } // drain notices of the same write
        NewStore().Remove();
        Assert.True(changed.Wait(TimeSpan.FromSeconds(10)), "no change notice after remove");
        watched.Load();
        Assert.False(watched.HasRules);
    }

    [Fact]
    public void A_recorder_without_registered_rules_records_its_verdict_and_holds_the_watch_lock_in_a_fresh_data_folder()
    {
        // A first start: the data folder has no audit folder yet (its verdict was lost with a warning before).
        var store = NewStore();
        var verdicts = new UserRuleVerdicts(store);
        using (verdicts.HoldWatchLock())
        {
            verdicts.Record(UserRuleVerdicts.HashOf(null), loaded: true, "0 rules");
            Assert.True(verdicts.IsWatched());
        }
        Assert.Equal((true, "0 rules"), verdicts.Find(UserRuleVerdicts.HashOf(null)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(store.FilePath)!));
    }
}
