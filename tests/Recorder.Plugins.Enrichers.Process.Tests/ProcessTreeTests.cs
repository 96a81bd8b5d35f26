namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>Ancestry and users of a real three-level process tree, and the login user across su.</summary>
public sealed class ProcessTreeTests
{
    // root bash → setpriv → bash as daemon (uid 1) → sleep as daemon. "; true" stops bash from exec'ing its last command.
    private const string TreeScript = "/usr/bin/setpriv --reuid=1 --regid=1 --clear-groups /bin/bash -c '/usr/bin/sleep 60; true'; true";

    [KernelAuditFact] // needs root to change user
    public async Task A_three_level_tree_seen_through_exec_events_is_reconstructed_with_users()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        using var top = RealProcess.StartBash(TreeScript);
        try
        {
            var level1 = top.Id;
            var level2 = RealProcess.WaitForChild(level1, "bash");
            var level3 = RealProcess.WaitForChild(level2, "sleep");

            // The collector reports the execs in order.
            var start1 = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, level1));
            var start2 = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, level2));
            chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, level3));

            var e = chain.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, level3)).Process;
            AssertTree(e, level1, level2, start1.Process.ProcessGuid, start2.Process.ProcessGuid);
        }
        finally
        {
            RealProcess.Kill(top.Id);
        }
    }

    [KernelAuditFact]
    public async Task A_tree_that_started_before_the_recorder_is_reconstructed_from_proc()
    {
        using var top = RealProcess.StartBash(TreeScript);
        try
        {
            var level1 = top.Id;
            var level2 = RealProcess.WaitForChild(level1, "bash");
            var level3 = RealProcess.WaitForChild(level2, "sleep");

            using var services = new TestPluginServices();
            await using var chain = await EnricherChain.StartAsync(services);
            // A sparse event (pid and time only): everything else comes from the table's snapshot of /proc.
            var e = chain.Enrich(RealProcess.BareEventFor(EventSchemas.NetworkConnect, level3)).Process;
            Assert.Equal("/usr/bin/sleep", e.Executable);
            Assert.Equal("/usr/bin/sleep 60", e.CommandLine);
            Assert.Equal(1, e.Uid);
            var guid1 = chain.Enrich(RealProcess.BareEventFor(EventSchemas.NetworkConnect, level1)).Process.ProcessGuid;
            var guid2 = chain.Enrich(RealProcess.BareEventFor(EventSchemas.NetworkConnect, level2)).Process.ProcessGuid;
            AssertTree(e, level1, level2, guid1, guid2);
        }
        finally
        {
            RealProcess.Kill(top.Id);
        }
    }

    private static void AssertTree(ProcessContext e, int level1, int level2, Guid guid1, Guid guid2)
    {
        var daemon = RealProcess.UserNameOf(1);
        var root = RealProcess.UserNameOf(0);
        Assert.Equal(daemon, e.UserName);
        Assert.Equal(daemon, e.EffectiveUserName);
        Assert.Equal(level2, e.ParentPid);
        Assert.Equal(guid2, e.ParentProcessGuid);
        Assert.Equal("/usr/bin/bash", e.ParentExecutable);
        Assert.Equal("/bin/bash -c \"/usr/bin/sleep 60; true\"", e.ParentCommandLine);

        Assert.True(e.Ancestors.Count >= 3, $"ancestors: {string.Join(" < ", e.Ancestors)}");
        Assert.Equal((level2, guid2, "/usr/bin/bash", daemon), (e.Ancestors[0].Pid, e.Ancestors[0].ProcessGuid, e.Ancestors[0].Executable, e.Ancestors[0].UserName));
        Assert.Equal((level1, guid1, "/usr/bin/bash", root), (e.Ancestors[1].Pid, e.Ancestors[1].ProcessGuid, e.Ancestors[1].Executable, e.Ancestors[1].UserName));
        Assert.Contains("setpriv", e.Ancestors[1].CommandLine);
        // Above the script: this test host.
        Assert.Equal(Environment.ProcessId, e.Ancestors[2].Pid);

        // What subscription filters see: "ancestry contains bash", "ancestry user is root".
        var ev = new RecorderEvent(EventSchemas.FileWrite);
        ev.Process.Ancestors = e.Ancestors;
        Assert.True(ev.TryGetValue("process.ancestry_user_name", out var users));
        Assert.Contains(root, (IEnumerable<string?>)users!);
    }

    [KernelAuditFact] // needs root: sets the login uid, su without a password
    public async Task Su_from_a_logged_in_user_keeps_the_original_login_user_on_every_event()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        // A login as uid 2, "bin", present on every Debian (what pam_loginuid does at login), then su to daemon.
        using var login = RealProcess.StartBash("echo 2 > /proc/self/loginuid; exec /usr/bin/su -s /bin/sh daemon -c '/usr/bin/sleep 60; true'");
        try
        {
            var su = login.Id;
            var shell = RealProcess.WaitForChild(su, "dash");
            var sleeper = RealProcess.WaitForChild(shell, "sleep");
            var loginName = RealProcess.UserNameOf(2);
            var daemon = RealProcess.UserNameOf(1);

            chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, su));
            var e = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, sleeper)).Process;
            Assert.Equal(2, e.LoginUid);
            Assert.Equal(loginName, e.LoginUserName);
            Assert.Equal(daemon, e.UserName);
            Assert.Equal(daemon, e.EffectiveUserName);
            Assert.Contains(e.Ancestors, a => a.Pid == su && a.Executable == "/usr/bin/su" && a.UserName == RealProcess.UserNameOf(0));

            // A sparse event of the same process: the login user comes from the table (read from /proc).
            var bare = chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileRead, shell)).Process;
            Assert.Equal(loginName, bare.LoginUserName);
            Assert.Equal(daemon, bare.UserName);
        }
        finally
        {
            RealProcess.Kill(login.Id);
        }
    }
}
