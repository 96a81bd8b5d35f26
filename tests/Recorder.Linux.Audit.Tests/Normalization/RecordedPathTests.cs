using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>
/// Paths as the kernel logs them: a name with bytes that are not UTF-8 keeps them (LosslessUtf8, as argv does);
/// a call that failed before finding its file (rm of a missing file) claims no file, not the parent folder.
/// </summary>
public class RecordedPathTests
{
    private static List<RecorderEvent> Replay(string log) =>
        new AuditLogReplayer().Replay(new MemoryStream(Encoding.UTF8.GetBytes(log)), new ReplayStats()).ToList();

    private const string Syscall = "arch=c000003e a1=241 a2=1b6 a3=0 items=2 ppid=1 pid=900 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"touch\" exe=\"/usr/bin/touch\" key=(null)";

    [Fact]
    public void A_file_name_with_bytes_that_are_not_utf8_keeps_them()
    {
        var name = Convert.ToHexString([.. "/tmp/"u8, 0xff, 0xfe, .. "x"u8]);
        var ev = Assert.Single(Replay(
            $"type=SYSCALL msg=audit(1795560933.100:20): syscall=2 success=yes exit=3 a0=7ffd {Syscall}\n" +
            "type=CWD msg=audit(1795560933.100:20): cwd=\"/root\"\n" +
            "type=PATH msg=audit(1795560933.100:20): item=0 name=\"/tmp/\" inode=1 dev=08:01 mode=041777 nametype=PARENT\n" +
            $"type=PATH msg=audit(1795560933.100:20): item=1 name={name} inode=2 dev=08:01 mode=0100644 nametype=CREATE\n" +
            "type=EOE msg=audit(1795560933.100:20): \n"), e => e.Type == EventTypes.FileCreate);

        Assert.Equal([.. "/tmp/"u8, 0xff, 0xfe, .. "x"u8], LosslessUtf8.Encode((string)ev["file.path"]!));
    }

    [Fact]
    public void Rm_of_a_missing_file_is_not_a_delete_of_its_folder()
    {
        var events = Replay(
            $"type=SYSCALL msg=audit(1795560933.200:21): syscall=263 success=no exit=-2 a0=ffffff9c {Syscall.Replace("items=2", "items=1")}\n" +
            "type=CWD msg=audit(1795560933.200:21): cwd=\"/root\"\n" +
            "type=PATH msg=audit(1795560933.200:21): item=0 name=\"/tmp/\" inode=1 dev=08:01 mode=041777 nametype=PARENT\n" +
            "type=EOE msg=audit(1795560933.200:21): \n");

        Assert.DoesNotContain(events, e => e.Type == EventTypes.FileDelete);
    }
}
