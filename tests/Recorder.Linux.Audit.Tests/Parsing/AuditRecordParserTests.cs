using System.Text;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Tests.Parsing;

public class AuditRecordParserTests
{
    private readonly AuditRecordParser _parser = new();

    [Fact]
    public void Log_line_gives_type_time_serial_and_fields()
    {
        var r = AuditCorpus.Parse("type=SYSCALL msg=audit(1481076984.827:17): arch=c000003e syscall=313 success=yes exit=0 a0=0 a1=41a15c items=0 ppid=390 pid=391 auid=4294967295 tty=(none) comm=\"modprobe\" exe=\"/usr/bin/kmod\" key=(null)");
        Assert.Equal(AuditRecordType.Syscall, r.Type);
        Assert.Equal(17u, r.Serial);
        Assert.Equal(new DateTime(2016, 12, 7, 2, 16, 24, 827, DateTimeKind.Utc), r.Time);
        Assert.True(r.TryGetHex("arch"u8, out var arch));
        Assert.Equal(0xc000003eUL, arch);
        Assert.True(r.TryGetInt64("pid"u8, out var pid));
        Assert.Equal(391, pid);
        Assert.Equal("modprobe", r.GetText("comm"u8));
        Assert.Equal("/usr/bin/kmod", r.GetText("exe"u8));
        Assert.Null(r.GetText("key"u8));
        Assert.Null(r.GetText("tty"u8));
        // a1 of a SYSCALL is a hex number, not encoded text.
        Assert.Equal("41a15c", r.GetText("a1"u8));
    }

    [Fact]
    public void Netlink_body_parses_with_the_type_given_by_the_header()
    {
        var record = new AuditRecord();
        var body = Encoding.ASCII.GetBytes("audit(1700000000.123:456): cwd=\"/root\"\n\0\0");
        Assert.True(_parser.TryParseNetlink(1307, body, record, out _));
        Assert.Equal(AuditRecordType.Cwd, record.Type);
        Assert.Equal(456u, record.Serial);
        Assert.Equal(1700000000123L, record.UnixTimeMilliseconds);
        Assert.Equal("/root", record.GetText("cwd"u8));
    }

    [Fact]
    public void Hex_encoded_untrusted_strings_are_decoded()
    {
        var r = AuditCorpus.Parse("type=CWD msg=audit(1500661699.656:1208725):  cwd=2F746D702F6120622063");
        Assert.Equal("/tmp/a b c", r.GetText("cwd"u8));
        var cmd = AuditCorpus.Parse("type=USER_CMD msg=audit(1481077231.363:475): pid=1382 uid=1000 auid=1000 ses=3 msg='cwd=\"/home/andrew_kroh\" cmd=2E2F6D657472696362656174202D63206D622E6465762E796D6C terminal=pts/0 res=success'");
        Assert.Equal("./metricbeat -c mb.dev.yml", cmd.GetText("cmd"u8));
        Assert.Equal("/home/andrew_kroh", cmd.GetText("cwd"u8));
        Assert.Equal("pts/0", cmd.GetText("terminal"u8));
    }

    [Fact]
    public void User_space_msg_payload_is_flattened_into_the_record()
    {
        var r = AuditCorpus.Parse("type=USER_AUTH msg=audit(1481077043.046:408): pid=1298 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=pubkey_auth rport=63927 acct=\"andrew_kroh\" exe=\"/usr/sbin/sshd\" hostname=? addr=96.241.146.97 terminal=? res=success'");
        Assert.Equal(AuditRecordType.UserAuth, r.Type);
        Assert.Equal("pubkey_auth", r.GetText("op"u8));
        Assert.Equal("andrew_kroh", r.GetText("acct"u8));
        Assert.Equal("96.241.146.97", r.GetText("addr"u8));
        Assert.Null(r.GetText("hostname"u8));
        Assert.Equal("success", r.GetText("res"u8));
        Assert.False(r.Has("msg"u8));
    }

    [Fact]
    public void Enriched_fields_after_0x1D_are_kept_apart_from_raw_ones()
    {
        var r = AuditCorpus.Parse("type=SYSCALL msg=audit(1615150974.493:21028): arch=c000003e syscall=59 success=yes exit=0 uid=1000 auid=1000 key=(null)\u001dARCH=x86_64 SYSCALL=execve AUID=\"user\" UID=\"user\"");
        Assert.Equal("1000", r.GetText("uid"u8));
        Assert.Equal("user", r.GetEnrichedText("UID"u8));
        Assert.Equal("execve", r.GetEnrichedText("SYSCALL"u8));
        Assert.Null(r.GetEnrichedText("uid"u8));
        Assert.Null(r.GetText("UID"u8));
    }

    [Fact]
    public void Enriched_user_message_keeps_nested_and_translated_fields()
    {
        var r = AuditCorpus.Parse("type=USER_START msg=audit(1.000:7): pid=9 uid=0 auid=1000 ses=3 msg='op=PAM:session_open acct=\"root\" exe=\"/usr/bin/su\" hostname=? addr=? terminal=pts/0 res=success'\u001dUID=\"root\" AUID=\"alice\"");
        Assert.Equal("root", r.GetText("acct"u8));
        Assert.Equal("success", r.GetText("res"u8));
        Assert.Equal("alice", r.GetEnrichedText("AUID"u8));
    }

    [Fact]
    public void Node_prefix_is_accepted()
    {
        var r = AuditCorpus.Parse("node=auditdtest.a1959.org type=PROCTITLE msg=audit(1451781471.394:194433): proctitle=\"bash\"");
        Assert.Equal("auditdtest.a1959.org", Encoding.ASCII.GetString(r.Node));
        Assert.Equal("bash", r.GetText("proctitle"u8));
    }

    [Fact]
    public void Old_pam_style_parentheses_and_commas_are_dropped_like_auparse_does()
    {
        var r = AuditCorpus.Parse("type=USER_END msg=audit(1170021601.366:299): user pid=13015 uid=0 auid=0 msg='PAM: session close acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'");
        Assert.Equal("root", r.GetText("acct"u8));
        Assert.Equal("cron", r.GetText("terminal"u8));
        Assert.Equal("success", r.GetText("res"u8));
        Assert.Equal("?", Encoding.ASCII.GetString(r.RawValueAt(r.IndexOf("hostname"u8))));
    }

    [Fact]
    public void Avc_text_yields_seresult_and_seperms()
    {
        var r = AuditCorpus.Parse("type=AVC msg=audit(1170021493.977:293): avc:  denied  { read write } for  pid=13010 comm=\"pickup\" name=\"maildrop\" tclass=dir");
        Assert.Equal("denied", r.GetText("seresult"u8));
        Assert.Equal("read,write", r.GetText("seperms"u8));
        Assert.Equal("pickup", r.GetText("comm"u8));
        Assert.Equal("dir", r.GetText("tclass"u8));
    }

    [Theory]
    [InlineData("", AuditParseError.Empty)]
    [InlineData("garbage without structure", AuditParseError.MissingType)]
    [InlineData("type=NOT_A_TYPE msg=audit(1.2:3): a=b", AuditParseError.UnknownType)]
    [InlineData("type=UNKNOWN[1329] msg=?", AuditParseError.MissingHeader)]
    [InlineData("type=SYSCALL msg=audit(12x.5:3): a=b", AuditParseError.BadHeader)]
    [InlineData("type=SYSCALL msg=audit(1700000000.123:99999999999): a=b", AuditParseError.BadHeader)]
    [InlineData("type=SYSCALL msg=audit(1700000000.123:45", AuditParseError.BadHeader)]
    public void Malformed_lines_are_rejected_with_a_reason(string line, AuditParseError expected)
    {
        var record = new AuditRecord();
        Assert.False(_parser.TryParseLine(Encoding.UTF8.GetBytes(line), record, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Unknown_type_numbers_in_auditd_spelling_are_accepted()
    {
        var r = AuditCorpus.Parse("type=UNKNOWN[1999] msg=audit(1.000:1): x=1");
        Assert.Equal(1999, r.Type);
    }

    [Fact]
    public void Unterminated_quote_keeps_the_rest_as_the_value()
    {
        var r = AuditCorpus.Parse("type=CWD msg=audit(1.000:1): cwd=\"/tmp/trunc");
        Assert.Equal("/tmp/trunc", r.GetText("cwd"u8));
    }

    [Fact]
    public void A_record_reused_from_the_pool_holds_only_the_new_fields()
    {
        var pool = new AuditRecordPool();
        var record = pool.Rent();
        Assert.True(_parser.TryParseLine("type=CWD msg=audit(1.000:1): cwd=\"/a\" extra=1"u8, record, out _));
        pool.Return(record);
        var again = pool.Rent();
        Assert.Same(record, again);
        Assert.True(_parser.TryParseLine("type=CWD msg=audit(2.000:2): cwd=\"/b\""u8, again, out _));
        Assert.Equal(1, again.FieldCount);
        Assert.Equal("/b", again.GetText("cwd"u8));
    }
}
