using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>
/// process.args from EXECVE records as the kernel writes them: quoted text, hex for anything special, long arguments
/// in pieces (<c>aN_len</c>, <c>aN[i]</c>) that may split a character, and bytes that are not UTF-8.
/// </summary>
public class ExecveArgumentsTests
{
    private static string Hex(params byte[] bytes) => Convert.ToHexString(bytes);
    private static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text));

    private static RecorderEvent ReplayExec(string execveFields)
    {
        var log =
            "type=SYSCALL msg=audit(1795560933.851:900): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=8 items=1 ppid=1 pid=4242 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"printf\" exe=\"/usr/bin/printf\" key=(null)\n" +
            $"type=EXECVE msg=audit(1795560933.851:900): {execveFields}\n" +
            "type=EOE msg=audit(1795560933.851:900): \n";
        var stats = new ReplayStats();
        var events = new AuditLogReplayer().Replay(new MemoryStream(Encoding.UTF8.GetBytes(log)), stats).ToList();
        Assert.Equal(0, stats.Malformed);
        return Assert.Single(events, e => e.Type == EventTypes.ProcessStart);
    }

    [Fact]
    public void Quoted_hex_split_and_non_utf8_arguments_come_out_byte_for_byte()
    {
        // a3 is "é" + 0xff + "A" logged in two pieces that split the "é" (C3 | A9); a5 holds a real U+EF80, the
        // character LosslessUtf8 uses for escapes, which must round-trip too.
        var ev = ReplayExec(
            $"argc=6 a0=\"/usr/bin/printf\" a1={Hex("two words")} a2={Hex(0xff, 0xfe)} a3_len=8 a3[0]={Hex(0xc3)} a3[1]={Hex(0xa9, 0xff, 0x41)} a4=\"\" a5={Hex("q\"\n\uEF80")}");

        var args = ev.Process.Arguments!;
        Assert.Equal(6, args.Count);
        Assert.Equal("/usr/bin/printf", args[0]);
        Assert.Equal("two words", args[1]);
        Assert.Equal(new byte[] { 0xff, 0xfe }, LosslessUtf8.Encode(args[2]));
        Assert.Equal(new byte[] { 0xc3, 0xa9, 0xff, 0x41 }, LosslessUtf8.Encode(args[3]));
        Assert.StartsWith("é", args[3]);
        Assert.Equal("", args[4]);
        Assert.Equal(Encoding.UTF8.GetBytes("q\"\n\uEF80"), LosslessUtf8.Encode(args[5]));
        Assert.Equal(6L, ev.Get(EventSchemas.ProcessStart.Argc));
    }

    [Fact]
    public void Without_execve_records_args_stay_unknown_rather_than_guessed_from_the_truncated_proctitle()
    {
        var log =
            "type=SYSCALL msg=audit(1795560933.851:901): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=8 items=1 ppid=1 pid=4243 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"ls\" exe=\"/usr/bin/ls\" key=(null)\n" +
            $"type=PROCTITLE msg=audit(1795560933.851:901): proctitle={Hex("ls\0-l")}\n" +
            "type=EOE msg=audit(1795560933.851:901): \n";
        var ev = new AuditLogReplayer().Replay(new MemoryStream(Encoding.UTF8.GetBytes(log)), new ReplayStats()).Single(e => e.Type == EventTypes.ProcessStart);
        Assert.Equal("ls -l", ev.Process.CommandLine);
        Assert.Null(ev.Process.Arguments);
    }
}
