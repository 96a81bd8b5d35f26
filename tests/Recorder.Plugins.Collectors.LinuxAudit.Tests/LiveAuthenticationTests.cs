using System.Diagnostics;
using System.Text.RegularExpressions;
using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// Authentication, login and logout as PAM, su and login report them to the kernel (user-space audit messages),
/// produced for real by the programs of a Debian base system and received live by the collector. sudo is not
/// part of the base system (and not installed here), so sudo's USER_CMD is covered by recorded logs only.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed partial class LiveAuthenticationTests : IClassFixture<LiveCollectorFixture>
{
    private readonly LiveCollectorFixture _fixture;

    public LiveAuthenticationTests(LiveCollectorFixture fixture) => _fixture = fixture;

    private CollectingEventWriter Events => _fixture.Writer;

    [KernelAuditFact]
    public void Root_running_su_authenticates_passes_accounting_and_opens_and_closes_a_session()
    {
        // A login uid of our own choosing marks this run's messages; su keeps it (the user who logged in first).
        var loginUid = NewLoginUid();
        var (pid, exitCode, output) = ChildProcess.Shell($"echo {loginUid} > /proc/self/loginuid && exec su -s /bin/sh nobody -c true");
        Assert.True(exitCode == 0, output);

        // pam_rootok lets root through without a password: USER_AUTH res=success, then USER_ACCT.
        var auth = Events.WaitFor(EventTypes.AuthSuccess, e => e.Process.Pid == pid && Equals(e["auth.message"], "PAM:authentication"), "su's authentication");
        AssertSuProcess(auth, pid, loginUid);
        Assert.Equal("nobody", auth["auth.account"]);
        Assert.Equal("su", auth["auth.service"]);
        Assert.Equal("pam", auth["auth.method"]);
        Assert.Null(auth["auth.terminal"]); // no terminal: the test runs su without one
        Assert.Null(auth["auth.remote_address"]);
        Assert.Null(auth["auth.remote_host"]);

        var account = Events.WaitFor(EventTypes.AuthSuccess, e => e.Process.Pid == pid && Equals(e["auth.message"], "PAM:accounting"), "su's account check");
        AssertSuProcess(account, pid, loginUid);
        Assert.Equal("nobody", account["auth.account"]);

        // USER_START and USER_END: the session su opens for nobody and closes when the command ends. (Writing the
        // login uid above was a session.login of its own, by the shell, with no user name.)
        var open = Events.WaitFor(EventTypes.SessionLogin, e => e.Process.Pid == pid && Equals(e["session.user"], "nobody"), "su's session open");
        AssertSuProcess(open, pid, loginUid);
        Assert.Equal("nobody", open["session.user"]);
        Assert.Equal("su", open["session.service"]);
        var close = Events.WaitFor(EventTypes.SessionLogout, e => e.Process.Pid == pid, "su's session close");
        AssertSuProcess(close, pid, loginUid);
        Assert.Equal("nobody", close["session.user"]);
        Assert.True(close.Time >= open.Time, "the session closes after it opened");

        var privilege = Events.WaitFor(EventTypes.PrivilegeChange, e => e.Process.Pid == pid && Equals(e["privilege.kind"], "su"), "su's privilege change");
        Assert.Equal("nobody", privilege["privilege.target_user"]);
        Assert.Equal(loginUid, privilege.Process.LoginUid);
    }

    [KernelAuditFact]
    public void A_wrong_password_given_to_su_on_a_terminal_is_an_authentication_failure()
    {
        // nobody (not root, so PAM asks for the password) runs su to root on a pseudo-terminal that script(1)
        // provides, and types a wrong password. The shell prints its pid, then becomes su (exec).
        var loginUid = NewLoginUid();
        var (_, exitCode, output) = ChildProcess.Shell(
            $"echo {loginUid} > /proc/self/loginuid && printf 'wrong-password\\n' | " +
            "runuser -u nobody -- script -qec 'echo SU_PID=$$; exec su -c true root' /dev/null");
        Assert.True(exitCode != 0, "su must refuse the wrong password: " + output);
        Assert.Contains("Authentication failure", output);
        var suPid = PidFrom(output, "SU_PID");

        var failure = Events.WaitFor(EventTypes.AuthFailure, e => e.Process.Pid == suPid, "su's failed authentication");
        Assert.Equal(EventOutcome.Failure, failure.Outcome);
        Assert.Equal("root", failure["auth.account"]); // the account su tried to become
        Assert.Equal("su", failure["auth.service"]);
        Assert.Equal("pam", failure["auth.method"]);
        Assert.Equal("PAM:authentication", failure["auth.message"]);
        Assert.Matches("^/dev/pts/[0-9]+$", (string?)failure["auth.terminal"] ?? "");
        Assert.Equal(failure["auth.terminal"], failure.Process.Terminal);
        Assert.Equal(65534L, failure.Process.Uid); // who tried: nobody
        Assert.Equal(loginUid, failure.Process.LoginUid);
        Assert.Equal("/usr/bin/su", failure.Process.Executable);

        Assert.DoesNotContain(Events.Events, e => e.Type == EventTypes.AuthSuccess && e.Process.Pid == suPid);
        Assert.DoesNotContain(Events.Events, e => e.Type == EventTypes.PrivilegeChange && e.Process.Pid == suPid);
    }

    [KernelAuditFact]
    public void Login_on_a_terminal_sets_the_login_user_and_its_session_opens_and_closes()
    {
        // login -f (root may skip the password) on a pseudo-terminal; nobody's shell, nologin, exits at once, so
        // the session ends straight away. The shell prints its pid, then becomes login (exec).
        var (_, exitCode, output) = ChildProcess.Shell("script -qec 'echo LOGIN_PID=$$; exec login -f nobody' /dev/null");
        Assert.True(exitCode is 0 or 1, output); // nologin's "not available" exit status passes through script -e
        var loginPid = PidFrom(output, "LOGIN_PID");

        // USER_ACCT: PAM's account check for nobody on the terminal.
        var account = Events.WaitFor(EventTypes.AuthSuccess, e => e.Process.Pid == loginPid && Equals(e["auth.message"], "PAM:accounting"), "login's account check");
        Assert.Equal("nobody", account["auth.account"]);
        Assert.Equal("login", account["auth.service"]);
        var terminal = (string?)account["auth.terminal"];
        Assert.Matches("^/dev/pts/[0-9]+$", terminal ?? "");
        Assert.Null(account.Process.LoginUid); // not set yet: the test runs without a login user

        // The kernel's LOGIN record: pam_loginuid set the login uid to nobody's and started a new session.
        var kernelLogin = Events.WaitFor(EventTypes.SessionLogin, e => e.Process.Pid == loginPid && Equals(e["session.uid"], 65534L), "the login uid being set");
        var session = (long?)kernelLogin["session.id"];
        Assert.NotNull(session);
        Assert.Equal(65534L, kernelLogin.Process.LoginUid);
        Assert.Equal(EventOutcome.Success, kernelLogin.Outcome);

        // USER_START (PAM session open) and USER_LOGIN (login's own "op=login"): both sessions logins for nobody,
        // in the new session, on the terminal.
        var logins = WaitForAll(EventTypes.SessionLogin, e => e.Process.Pid == loginPid && Equals(e["session.user"], "nobody"), 2, "login's session open and login");
        foreach (var login in logins)
        {
            Assert.Equal("login", login["session.service"]);
            Assert.Equal(terminal, login["session.terminal"]);
            Assert.Equal(session, login["session.id"]);
            Assert.Equal(65534L, login.Process.LoginUid);
            Assert.Equal(0L, login.Process.Uid);
            Assert.Equal(EventOutcome.Success, login.Outcome);
        }

        // USER_END: the session closes when nologin exits. (login reports no USER_LOGOUT; PAM's session close is
        // the logout.)
        var logout = Events.WaitFor(EventTypes.SessionLogout, e => e.Process.Pid == loginPid, "login's session close");
        Assert.Equal("nobody", logout["session.user"]);
        Assert.Equal("login", logout["session.service"]);
        Assert.Equal(terminal, logout["session.terminal"]);
        Assert.Equal(session, logout["session.id"]);
        Assert.Equal(65534L, logout.Process.LoginUid);
    }

    [KernelAuditFact]
    public void A_wrong_password_given_to_login_is_a_failed_authentication_and_a_failed_login()
    {
        // login on a pseudo-terminal asks nobody's password and refuses the typed one (nobody has none); after
        // PAM's 3 s failure delay it reports USER_AUTH res=failed and its own USER_LOGIN res=failed, then asks for
        // a user name again: the test ends it once the events are in.
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "printf 'wrong-password\\n' | exec script -qec 'echo LOGIN_PID=$$; exec login nobody' /dev/null" },
            RedirectStandardOutput = true,
        })!;
        try
        {
            // The terminal echoes the typed password too, before or after the pid line.
            string seen = "", line;
            while (!seen.Contains("LOGIN_PID=") && (line = shell.StandardOutput.ReadLine()!) is not null) seen += line + "\n";
            var loginPid = PidFrom(seen, "LOGIN_PID");

            var auth = Events.WaitFor(EventTypes.AuthFailure, e => e.Process.Pid == loginPid && Equals(e["auth.message"], "PAM:authentication"), "login's failed authentication");
            Assert.Equal("nobody", auth["auth.account"]);
            Assert.Equal("login", auth["auth.service"]);
            Assert.Matches("^/dev/pts/[0-9]+$", (string?)auth["auth.terminal"] ?? "");
            Assert.Equal(EventOutcome.Failure, auth.Outcome);

            var login = Events.WaitFor(EventTypes.AuthFailure, e => e.Process.Pid == loginPid && Equals(e["auth.message"], "login"), "login's failed login");
            Assert.Equal("nobody", login["auth.account"]);
            Assert.Equal(auth["auth.terminal"], login["auth.terminal"]);
            Assert.Equal(EventOutcome.Failure, login.Outcome);
            Assert.DoesNotContain(Events.Events, e => e.Type == EventTypes.SessionLogin && e.Process.Pid == loginPid);
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
            shell.WaitForExit(10_000);
        }
    }

    private static void AssertSuProcess(RecorderEvent e, int pid, long loginUid)
    {
        Assert.Equal(pid, e.Process.Pid);
        Assert.Equal("/usr/bin/su", e.Process.Executable);
        Assert.Equal(0L, e.Process.Uid);
        Assert.Equal(loginUid, e.Process.LoginUid);
        Assert.Equal(EventOutcome.Success, e.Outcome);
    }

    /// <summary>A login uid no real account has, unique to one test run.</summary>
    private static long NewLoginUid() => Random.Shared.Next(700_000, 800_000);

    private static int PidFrom(string output, string name)
    {
        var match = Regex.Match(output, name + "=([0-9]+)");
        Assert.True(match.Success, $"no {name} in: {output}");
        return int.Parse(match.Groups[1].Value);
    }

    private List<RecorderEvent> WaitForAll(string type, Func<RecorderEvent, bool> match, int count, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = Events.Events.Where(e => e.Type == type && match(e)).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(found.Count == count, $"{found.Count} {type} events for {what}, expected {count}:\n{string.Join("\n", found.Select(CollectingEventWriter.Describe))}");
                return found;
            }
            Thread.Sleep(25);
        }
    }
}
