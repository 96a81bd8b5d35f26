using System.Text;
using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Rules;

/// <summary>
/// The administrator's file-read rule, registered and loaded for real, makes the kernel report a read in the folder
/// with the rule's key, the file's path and the reader. (Turning those records into a <c>file.read</c> event is the
/// collector's part.)
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class KernelFileReadRuleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recorder-file-read-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [KernelAuditFact]
    public void A_registered_file_read_rule_makes_the_kernel_report_reads_in_that_folder()
    {
        using var _ = KernelAudit.Lock();
        var secret = Directory.CreateDirectory(Path.Combine(_directory, "secret")).FullName;
        var target = Path.Combine(secret, "passwords.txt");
        File.WriteAllText(target, "hunter2");
        var store = new UserRuleStore(Path.Combine(_directory, "data"));
        var registered = store.Register($"-a always,exit -F arch=b64 -S open,openat -F dir={secret} -F perm=r -k secret-read\n", "admin.rules");
        Assert.True(registered.IsAccepted, string.Join('\n', registered.Refusals));

        using var control = AuditControlSocket.Open();
        var saved = KernelRuleSnapshot.Take(control);
        using var records = AuditReceiveSocket.OpenMulticast();
        records.SetReceiveTimeout(TimeSpan.FromMilliseconds(200));
        try
        {
            if (control.GetStatus().Enabled == 0) control.SetStatus(new AuditStatusChange { Enabled = 1 });
            var loaded = AuditRuleLoader.LoadAll(control, store.Rules);
            Assert.Single(loaded.Loaded);

            Assert.Equal("hunter2", File.ReadAllText(target));

            var (syscall, path) = WaitForRead(records, target, TimeSpan.FromSeconds(10));
            Assert.Contains("key=\"secret-read\"", syscall);
            Assert.Contains($"pid={Environment.ProcessId} ", syscall);
            Assert.Contains("success=yes", syscall);
            Assert.Contains($"name=\"{target}\"", path);
        }
        finally
        {
            saved.Restore(control);
        }
    }

    /// <summary>Reads multicast records until the SYSCALL with our key and a PATH naming the file of the same event arrive.</summary>
    private static (string Syscall, string Path) WaitForRead(AuditReceiveSocket records, string target, TimeSpan timeout)
    {
        var buffer = new byte[AuditReceiveSocket.MaxDatagramSize];
        var syscalls = new Dictionary<string, string>();
        var paths = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (records.Receive(buffer, out var length) != AuditReceiveResult.Received) continue;
            var reader = new NetlinkMessageReader(buffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                var text = Encoding.UTF8.GetString(message.Payload).TrimEnd('\0');
                var serial = text.StartsWith("audit(", StringComparison.Ordinal) ? text[..(text.IndexOf(')') + 1)] : "";
                if (message.Type == 1300 && text.Contains("key=\"secret-read\"")) syscalls[serial] = text;
                if (message.Type == 1302 && text.Contains($"name=\"{target}\"")) paths[serial] = text;
                if (syscalls.TryGetValue(serial, out var syscall) && paths.TryGetValue(serial, out var path)) return (syscall, path);
            }
        }
        throw new TimeoutException($"no SYSCALL with key secret-read and PATH {target} within {timeout.TotalSeconds} s (syscalls seen: {syscalls.Count}, paths: {paths.Count})");
    }
}
