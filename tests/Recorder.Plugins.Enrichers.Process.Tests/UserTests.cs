using Recorder.Plugins.Enrichers.Process.Users;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>User and group names from the system's files, refreshed when they change.</summary>
public sealed class UserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recorder-users-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Names_match_what_the_system_reports_for_real_users_and_groups()
    {
        var db = new UserDatabase();
        foreach (var uid in new long[] { 0, 1, 65534 })
            Assert.Equal(RealProcess.UserNameOf(uid), db.UserName(uid));
        Assert.Equal(RealProcess.Run("/usr/bin/getent", "group", "0").Split(':')[0], db.GroupName(0));
        Assert.Null(db.UserName(4294967295)); // the unset login uid
        Assert.Null(db.UserName(-1));
    }

    [Fact]
    public void A_changed_passwd_file_is_reloaded_and_a_malformed_line_is_reported_with_its_number()
    {
        var passwd = Path.Combine(_dir, "passwd");
        var group = Path.Combine(_dir, "group");
        File.WriteAllText(passwd, "alice:x:5000:5000::/home/alice:/bin/sh\nbroken line\n");
        File.WriteAllText(group, "staff:x:5000:\n");
        var warnings = new List<string>();
        var db = new UserDatabase(passwd, group, warnings.Add);
        Assert.Equal("alice", db.UserName(5000));
        Assert.Equal("staff", db.GroupName(5000));
        Assert.Contains(warnings, w => w.StartsWith(passwd + ":2:"));
        Assert.False(db.RefreshIfChanged());

        File.WriteAllText(passwd, "bob:x:5000:5000::/home/bob:/bin/sh\n");
        File.SetLastWriteTimeUtc(passwd, DateTime.UtcNow.AddSeconds(5));
        Assert.True(db.RefreshIfChanged());
        Assert.Equal("bob", db.UserName(5000));
        Assert.Equal("staff", db.GroupName(5000));
    }

    [Fact]
    public void A_user_added_a_moment_ago_is_named_at_once_and_keeps_its_name_after_it_is_deleted()
    {
        var passwd = Path.Combine(_dir, "passwd");
        var group = Path.Combine(_dir, "group");
        File.WriteAllText(passwd, "alice:x:5000:5000::/home/alice:/bin/sh\n");
        File.WriteAllText(group, "staff:x:5000:\n");
        var db = new UserDatabase(passwd, group);
        Assert.Null(db.UserName(5001));

        // No refresh in between: the miss itself notices the changed file (the timer would be seconds late).
        Thread.Sleep(1100); // past the retry delay of the miss above
        File.AppendAllText(passwd, "carol:x:5001:5000::/home/carol:/bin/sh\n");
        Assert.Equal("carol", db.UserName(5001));

        File.WriteAllText(passwd, "alice:x:5000:5000::/home/alice:/bin/sh\n");
        File.SetLastWriteTimeUtc(passwd, DateTime.UtcNow.AddSeconds(5));
        Assert.True(db.RefreshIfChanged());
        Assert.Equal("carol", db.UserName(5001));
    }

    [Fact]
    public void A_real_user_made_by_useradd_is_named_at_once_and_after_userdel()
    {
        var name = "rec" + Guid.NewGuid().ToString("N")[..8];
        var db = new UserDatabase();
        RealProcess.Run("/usr/sbin/useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
        long uid;
        try
        {
            uid = long.Parse(RealProcess.Run("/usr/bin/id", "-u", name).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(name, db.UserName(uid));
        }
        finally
        {
            RealProcess.Run("/usr/sbin/userdel", name);
        }
        Assert.True(db.RefreshIfChanged());
        Assert.Equal(name, db.UserName(uid));
    }

    [Fact]
    public async Task The_user_enricher_names_real_effective_login_users_and_group_and_keeps_collector_names()
    {
        var passwd = Path.Combine(_dir, "passwd");
        var group = Path.Combine(_dir, "group");
        File.WriteAllText(passwd, "root:x:0:0::/root:/bin/sh\nalice:x:5000:5000::/:/bin/sh\n");
        File.WriteAllText(group, "root:x:0:\nstaff:x:5000:\n");
        using var services = new TestPluginServices(new ProcessEnricherOptions { PasswdPath = passwd, GroupPath = group });
        var enricher = new UserEnricher();
        await enricher.StartAsync(services, null, default);
        try
        {
            var e = new RecorderEvent(EventSchemas.PrivilegeChange);
            e.Process.Uid = 5000;
            e.Process.EffectiveUid = 0;
            e.Process.Gid = 5000;
            e.Process.LoginUid = 5000;
            enricher.Enrich(e);
            Assert.Equal(("alice", "root", "staff", "alice"), (e.Process.UserName, e.Process.EffectiveUserName, e.Process.GroupName, e.Process.LoginUserName));

            var named = new RecorderEvent(EventSchemas.PrivilegeChange);
            named.Process.Uid = 5000;
            named.Process.UserName = "from-collector";
            enricher.Enrich(named);
            Assert.Equal("from-collector", named.Process.UserName);
        }
        finally
        {
            await enricher.StopAsync(default);
        }
    }
}
