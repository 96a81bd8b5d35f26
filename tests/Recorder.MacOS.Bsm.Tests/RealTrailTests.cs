using System.Net;

namespace Recorder.MacOS.Bsm.Tests;

/// <summary>Trails written by real systems decode to what plaso's and OpenBSM's own tests say they hold.</summary>
public sealed class RealTrailTests
{
    [Fact]
    public void Apple_trail_holds_54_records_and_the_first_is_launchctl_audit_recovery_as_plaso_expects()
    {
        var (records, statistics) = BsmData.ReadTrail(BsmData.AppleTrail);

        Assert.Equal(54, records.Count);
        Assert.Equal(0, statistics.Malformed);
        var first = records[0];
        Assert.Equal(45029, first.EventType);
        Assert.Equal(["launchctl::Audit recovery"], first.Texts);
        Assert.Equal(["/var/audit/20131104171720.crash_recovery"], first.Paths);
        Assert.Equal(new BsmReturnToken(BsmTokenType.Return32, 0, 0), first.Return);
        // plaso prints "2013-11-04T18:36:20.000381": it puts the header's millisecond field (381) in microseconds.
        Assert.Equal(new DateTime(2013, 11, 4, 18, 36, 20, 381, DateTimeKind.Utc), first.Time);
        Assert.Equal(3, first.Tokens.Count);
    }

    [Fact]
    public void Apple_trail_records_are_all_framed_by_their_trailers_and_carry_subjects()
    {
        var (records, _) = BsmData.ReadTrail(BsmData.AppleTrail);
        Assert.Equal(6566, records[^1].Offset + records[^1].Header.RecordSize);
        Assert.All(records, r => Assert.InRange(r.Time, new DateTime(2013, 11, 4), new DateTime(2013, 11, 6)));
    }

    [Fact]
    public void OpenBsm_trail_holds_50_records_and_the_first_is_the_arg32_test_token_as_plaso_expects()
    {
        var (records, statistics) = BsmData.ReadTrail(BsmData.OpenBsmTrail);

        Assert.Equal(50, records.Count);
        Assert.Equal(0, statistics.Malformed);
        var first = records[0];
        Assert.Equal(0, first.EventType);
        Assert.Equal(new BsmArgToken(BsmTokenType.Arg32, 3, 2882400000, "test_arg32_token"), Assert.Single(first.Tokens));
        Assert.Null(first.Return);
        // plaso: "2008-12-28T15:12:18.000131" (milliseconds printed as microseconds again).
        Assert.Equal(new DateTime(2008, 12, 28, 15, 12, 18, 131, DateTimeKind.Utc), first.Time);
    }

    [Fact]
    public void Execve_with_long_arguments_keeps_every_argument_the_path_the_attributes_and_the_subject()
    {
        var (records, statistics) = BsmData.ReadTrail(BsmData.ExecveLongArgs);

        var execve = Assert.Single(records);
        Assert.Equal(0, statistics.Malformed);
        Assert.Equal(23, execve.EventType);
        var args = execve.ExecArgs!;
        Assert.Equal(50, args.Count);
        Assert.Equal("grep", args[0]);
        Assert.Equal("au_fetch_tok", args[1]);
        Assert.Equal("libbsm.la", args[^1]);
        Assert.Equal(["/usr/bin/grep"], execve.Paths);
        var attr = execve.Attr!;
        Assert.Equal(0x16du, attr.Mode); // 0555
        Assert.Equal(0u, attr.Uid);
        var subject = execve.Subject!;
        Assert.Equal(1000u, subject.AuditUid);
        Assert.Equal(1000u, subject.EffectiveUid);
        Assert.Equal(1000u, subject.RealUid);
        Assert.Equal(new BsmReturnToken(BsmTokenType.Return32, 0, 0), execve.Return);
        Assert.Equal(new BsmSubjectToken(BsmTokenType.Subject32, 1000, 1000, 1000, 1000, 1000, 50009, 24722, 0xfcea,
            IPAddress.Parse("131.111.204.168")), subject);
        Assert.Equal(new BsmAttrToken(BsmTokenType.Attr32, 0x16d, 0, 0, 90, 24222, 0x1b648), attr);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(0x450f0bde).AddMilliseconds(0x260), execve.Time);
    }
}
