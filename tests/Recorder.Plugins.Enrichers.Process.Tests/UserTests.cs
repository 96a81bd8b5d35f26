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
