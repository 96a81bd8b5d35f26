using System.Net;

namespace Recorder.MacOS.Bsm.Tests;

/// <summary>
/// OpenBSM's reference bytes (test/reference in its source, written by its own au_to_* functions): every single
/// token decodes to exactly the values generate.c put in, and every reference record decodes whole.
/// </summary>
public sealed class ReferenceTokenTests
{
    private const uint Auid = 0x12345678, Euid = 0x01234567, Egid = 0x23456789, Ruid = 0x98765432, Rgid = 0x09876543,
        Pid = 0x13243546, Sid = 0x97867564;

    private static readonly DateTime ReferenceTime = DateTime.UnixEpoch.AddSeconds(0x12345).AddMilliseconds(0x1a8);

    [Theory]
    [InlineData("subject32_token", BsmTokenType.Subject32, "127.0.0.1")]
    [InlineData("subject32ex_token-IPv4", BsmTokenType.Subject32Ex, "127.0.0.1")]
    [InlineData("subject32ex_token-IPv6", BsmTokenType.Subject32Ex, "fe80::1")]
    [InlineData("process32_token", BsmTokenType.Process32, "127.0.0.1")]
    [InlineData("process32ex_token-IPv4", BsmTokenType.Process32Ex, "127.0.0.1")]
    [InlineData("process32ex_token-IPv6", BsmTokenType.Process32Ex, "fe80::1")]
    [InlineData("process64_token", BsmTokenType.Process64, "127.0.0.1")]
    [InlineData("process64ex_token-IPv4", BsmTokenType.Process64Ex, "127.0.0.1")]
    [InlineData("process64ex_token-IPv6", BsmTokenType.Process64Ex, "fe80::1")]
    public void Subject_and_process_tokens_give_every_id_the_terminal_port_and_address(string file, byte type, string address)
    {
        Assert.Equal(new BsmSubjectToken(type, Auid, Euid, Egid, Ruid, Rgid, Pid, Sid, 0x16593746, IPAddress.Parse(address)),
            BsmData.Token(file));
    }

    [Fact]
    public void Header_file_and_trailer_tokens()
    {
        Assert.Equal(new BsmHeaderToken(BsmTokenType.Header32, 0x12345678, 11, 3, 0x4567, ReferenceTime, null), BsmData.Token("header32_token"));
        Assert.Equal(new BsmFileToken(BsmTokenType.OtherFile32, ReferenceTime, "test"), BsmData.Token("file_token"));
        Assert.Equal(new BsmTrailerToken(BsmTokenType.Trailer, 0x12345678), BsmData.Token("trailer_token"));
    }

    [Fact]
    public void String_tokens()
    {
        Assert.Equal(new BsmTextToken(BsmTokenType.Path, "/test/this/is/a/test"), BsmData.Token("path_token"));
        Assert.Equal(new BsmTextToken(BsmTokenType.Text, "This is a test."), BsmData.Token("text_token"));
        Assert.Equal(new BsmTextToken(BsmTokenType.ZoneName, "testzone"), BsmData.Token("zonename_token"));
        Assert.Equal(new BsmArgToken(BsmTokenType.Arg32, 3, 0xabcdef00, "test_arg32_token"), BsmData.Token("arg32_token"));
    }

    [Fact]
    public void Uuid_tokens()
    {
        Assert.Equal(new BsmUuidToken(BsmTokenType.ArgUuid, 4, Guid.Parse("5a62ea53-d41c-11e6-c8a3-25009d4bb49c"), "test_arg_uuid_token"),
            BsmData.Token("arg_uuid_token"));
        Assert.Equal(new BsmUuidToken(BsmTokenType.ReturnUuid, 5, Guid.Parse("77b33643-d41d-11e6-c8a3-25009d4bb49c"), "test_ret_uuid_token"),
            BsmData.Token("ret_uuid_token"));
    }

    [Fact]
    public void Number_and_address_tokens()
    {
        Assert.Equal(new BsmReturnToken(BsmTokenType.Return32, 0x16, 0x12345678), BsmData.Token("return32_token"));
        Assert.Equal(new BsmSeqToken(BsmTokenType.Seq, 0x12345678), BsmData.Token("seq_token"));
        Assert.Equal(new BsmIpcToken(BsmTokenType.Ipc, 1, 0x12345678), BsmData.Token("ipc_token"));
        Assert.Equal(new BsmIPortToken(BsmTokenType.IPort, 0x5000), BsmData.Token("iport_token"));
        Assert.Equal(new BsmInAddrToken(BsmTokenType.InAddr, IPAddress.Parse("192.168.100.15")), BsmData.Token("in_addr_token"));
        Assert.Equal(new BsmSocketToken(BsmTokenType.SocketEx, 2, 2, IPAddress.Loopback, 0, IPAddress.Loopback, 0, null),
            BsmData.Token("socketex_token"));
    }

    [Fact]
    public void Byte_tokens()
    {
        var data = Assert.IsType<BsmDataToken>(BsmData.Token("data_token"));
        Assert.Equal((4, 0, 10), (data.HowToPrint, data.UnitType, data.UnitCount));
        Assert.Equal("SomeData\0a"u8.ToArray(), data.Bytes);
        Assert.Equal(Convert.FromHexString("aabbccdd"), Assert.IsType<BsmOpaqueToken>(BsmData.Token("opaque_token")).Bytes);
        Assert.Equal(Convert.FromHexString("400000145478000040010000c0a8649bc0a86e30"),
            Assert.IsType<BsmIpToken>(BsmData.Token("ip_token")).Header);
    }

    public static TheoryData<string> ReferenceRecords() =>
        new(Directory.GetFiles(Path.GetDirectoryName(BsmData.Reference("x"))!, "*_record*").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(ReferenceRecords))]
    public void Every_reference_record_decodes_whole_and_holds_its_reference_token(string file)
    {
        var bytes = File.ReadAllBytes(BsmData.Reference(file));
        var (records, statistics) = BsmData.ReadTrail(bytes);

        Assert.Equal(0, statistics.Malformed);
        var record = Assert.Single(records);
        var token = Assert.Single(record.Tokens);
        // The record holds its reference token byte for byte: between the 18-byte header32 and the 7-byte trailer.
        var tokenFile = BsmData.Reference(file.Replace("_record", "_token"));
        if (File.Exists(tokenFile))
            Assert.Equal(File.ReadAllBytes(tokenFile), bytes[18..^7]);
        if (file.StartsWith('E'))
        {
            // E*_record: a return32 whose status is the BSM error number named by the file, and -1.
            var ret = Assert.IsType<BsmReturnToken>(token);
            Assert.Equal(-1, ret.Value);
            Assert.NotEqual(0, ret.Status);
        }
    }

    [Fact]
    public void Error_records_carry_the_bsm_error_numbers()
    {
        byte Status(string file) => Assert.IsType<BsmReturnToken>(Assert.Single(BsmData.ReadTrail(File.ReadAllBytes(BsmData.Reference(file))).Records[0].Tokens)).Status;
        Assert.Equal(1, Status("EPERM_record"));
        Assert.Equal(2, Status("ENOENT_record"));
        Assert.Equal(13, Status("EACCES_record"));
    }
}
