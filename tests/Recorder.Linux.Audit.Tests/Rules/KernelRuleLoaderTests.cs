using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Rules;

[Collection(KernelAudit.Collection)]
public sealed class KernelRuleLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recorder-user-rules-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [KernelAuditFact]
    public void A_rule_the_kernel_refuses_is_reported_with_its_text_and_errno_and_the_set_is_rolled_back()
    {
        using var _ = KernelAudit.Lock();
        using var control = AuditControlSocket.Open();
        var saved = KernelRuleSnapshot.Take(control);
        try
        {
            KernelRuleSnapshot.DeleteAll(control);
            var good = AuditRuleParser.Parse("-a always,exit -F arch=b64 -S openat -F dir=/tmp -F perm=r -k recorder-test-good");
            // auditctl's language allows a bit mask on uid; the kernel does not (EINVAL).
            var refused = AuditRuleParser.Parse("-a always,exit -F arch=b64 -S openat -F uid&0x1 -k recorder-test-bad");

            var error = Assert.Throws<AuditRuleLoadException>(() => AuditRuleLoader.LoadAll(control, [good, refused]));

            Assert.Equal(22, error.Errno);
            Assert.Equal("EINVAL", error.ErrnoName);
            Assert.Same(refused, error.Rule);
            Assert.Contains("-a always,exit -F arch=b64 -S openat -F uid&0x1 -k recorder-test-bad", error.Message);
            Assert.Contains("EINVAL", error.Message);
            Assert.Empty(control.ListRules()); // the good rule loaded first was taken out again
        }
        finally
        {
            saved.Restore(control);
        }
    }

    [KernelAuditFact]
    public void Registered_user_rules_load_list_like_auditctl_and_unload()
    {
        using var _ = KernelAudit.Lock();
        var secret = Directory.CreateDirectory(Path.Combine(_directory, "secret")).FullName;
        var store = new UserRuleStore(Path.Combine(_directory, "data"));
        var registered = store.Register(
            $"# file reads in {secret}\n-a always,exit -F arch=b64 -S open,openat -F dir={secret} -F perm=r -k secret-read\n" +
            "-A never,exit -F arch=b64 -S all -F exe=/usr/bin/true\n",
            "admin.rules");
        Assert.True(registered.IsAccepted, string.Join('\n', registered.Refusals));
        var reloaded = new UserRuleStore(Path.Combine(_directory, "data"));
        Assert.True(reloaded.Load().IsAccepted);

        using var control = AuditControlSocket.Open();
        var saved = KernelRuleSnapshot.Take(control);
        try
        {
            KernelRuleSnapshot.DeleteAll(control);
            var result = AuditRuleLoader.LoadAll(control, reloaded.Rules);

            Assert.Equal(2, result.Loaded.Count);
            Assert.Equal(
                [
                    "-a never,exit -F arch=b64 -S all -F exe=/usr/bin/true", // -A puts it first
                    $"-a always,exit -F arch=b64 -S open,openat -F dir={secret} -F perm=r -F key=secret-read",
                ],
                Auditctl.List());

            Assert.Equal(2, AuditRuleLoader.DeleteAll(control, result.Loaded));
            Assert.Empty(control.ListRules());
        }
        finally
        {
            saved.Restore(control);
        }
    }
}
