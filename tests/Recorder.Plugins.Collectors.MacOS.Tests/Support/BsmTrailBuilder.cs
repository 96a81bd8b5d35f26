using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Recorder.Tests.MacOS;

/// <summary>
/// Writes BSM records with the token layouts of OpenBSM's au_to_* functions (the reference tokens in
/// ../shared/data/macos-bsm/openbsm/reference are checked against the same layouts), in the token order XNU writes
/// for each call: the actions a real trail holds, for tests that need execs, file and network calls that the
/// real sample trails do not contain.
/// </summary>
internal sealed class BsmTrailBuilder
{
    private readonly MemoryStream _trail = new();

    public DateTime Time { get; set; } = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    public byte[] ToArray() => _trail.ToArray();

    public BsmTrailBuilder Record(ushort eventType, params byte[][] tokens)
    {
        var body = tokens.SelectMany(t => t).ToArray();
        var size = 18 + body.Length + 7;
        var w = new Writer();
        w.U8(0x14).U32((uint)size).U8(11).U16(eventType).U16(0);
        var ms = (long)(Time - DateTime.UnixEpoch).TotalMilliseconds;
        w.U32((uint)(ms / 1000)).U32((uint)(ms % 1000));
        w.Bytes(body).U8(0x13).U16(0xB105).U32((uint)size);
        _trail.Write(w.ToArray());
        Time = Time.AddSeconds(1);
        return this;
    }

    public static byte[] Subject(uint pid, uint auid = 501, uint uid = 501, uint euid = 501, uint sid = 100004, string terminal = "0.0.0.0") =>
        new Writer().U8(0x24).U32(auid).U32(euid).U32(20).U32(uid).U32(20).U32(pid).U32(sid).U32(0).Bytes(IPAddress.Parse(terminal).GetAddressBytes()).ToArray();

    public static byte[] Return(byte status = 0, int value = 0) => new Writer().U8(0x27).U8(status).U32(unchecked((uint)value)).ToArray();

    public static byte[] Path(string path) => Counted(0x23, path);

    public static byte[] Text(string text) => Counted(0x28, text);

    public static byte[] ExecArgs(params string[] args)
    {
        var w = new Writer().U8(0x3c).U32((uint)args.Length);
        foreach (var a in args) w.Bytes(Encoding.UTF8.GetBytes(a)).U8(0);
        return w.ToArray();
    }

    public static byte[] Attr(ulong inode) => new Writer().U8(0x3e).U16(0).U16(0x1ed).U32(0).U32(0).U32(0x1000004).U64(inode).U32(0).ToArray();

    public static byte[] Arg(byte number, uint value, string text) =>
        new Writer().U8(0x2d).U8(number).U32(value).Bytes(Counted(text)).ToArray();

    public static byte[] Exit(uint status) => new Writer().U8(0x52).U32(status).U32(0).ToArray();

    public static byte[] SockInet32(string address, ushort port) =>
        new Writer().U8(0x80).U16(2).U16(port).Bytes(IPAddress.Parse(address).GetAddressBytes()).ToArray();

    public static byte[] SocketEx(string local, ushort localPort, string remote, ushort remotePort) =>
        new Writer().U8(0x7f).U16(2).U16(1).U16(4).U16(localPort).Bytes(IPAddress.Parse(local).GetAddressBytes())
            .U16(remotePort).Bytes(IPAddress.Parse(remote).GetAddressBytes()).ToArray();

    private static byte[] Counted(byte type, string text) => new Writer().U8(type).Bytes(Counted(text)).ToArray();

    private static byte[] Counted(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new Writer().U16((ushort)(bytes.Length + 1)).Bytes(bytes).U8(0).ToArray();
    }

    /// <summary>
    /// A morning on a Mac, in BSM: launchd (1) forks 700, which execs zsh; zsh posix_spawns curl (702), which
    /// connects out and exits; zsh creates, renames and deletes a file and reads another; sshd accepts a connection.
    /// </summary>
    public static byte[] Morning()
    {
        var b = new BsmTrailBuilder();
        b.Record(2, Arg(0, 700, "child PID"), Subject(1, auid: uint.MaxValue, uid: 0, euid: 0, sid: 0), Return(0, 700));
        b.Record(23, ExecArgs("-zsh"), Path("/bin/zsh"), Attr(1001), Subject(700), Return());
        b.Record(43190, Arg(0, 702, "child PID"), ExecArgs("curl", "-s", "https://example.org/a b"), Path("/usr/bin/curl"),
            Attr(1002), Subject(700), Return());
        b.Record(32, Arg(1, 3, "fd"), SockInet32("93.184.216.34", 443), Subject(702), Return());
        b.Record(1, Exit(0), Subject(702), Return());
        b.Record(77, Arg(2, 0x601, "flags"), Path("/Users/alice/notes.txt"), Attr(2001), Subject(700), Return(0, 3));
        b.Record(42, Path("/Users/alice/notes.txt"), Attr(2001), Path("/Users/alice/notes-old.txt"), Subject(700), Return());
        b.Record(6, Path("/Users/alice/notes-old.txt"), Attr(2001), Subject(700), Return());
        b.Record(72, Arg(2, 0, "flags"), Path("/etc/hosts"), Attr(3001), Subject(700), Return(0, 4));
        b.Record(72, Arg(2, 0, "flags"), Path("/etc/master.passwd"), Subject(700), Return(13, -1));
        b.Record(33, Arg(1, 5, "fd"), SocketEx("10.0.0.5", 22, "10.0.0.9", 51022), Subject(90, auid: uint.MaxValue, uid: 0, euid: 0, sid: 0), Return(0, 6));
        b.Record(34, SockInet32("0.0.0.0", 8080), Subject(700), Return());
        return b.ToArray();
    }

    private sealed class Writer
    {
        private readonly MemoryStream _bytes = new();
        public Writer U8(byte v) { _bytes.WriteByte(v); return this; }
        public Writer U16(ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, v); _bytes.Write(b); return this; }
        public Writer U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); _bytes.Write(b); return this; }
        public Writer U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, v); _bytes.Write(b); return this; }
        public Writer Bytes(byte[] v) { _bytes.Write(v); return this; }
        public byte[] ToArray() => _bytes.ToArray();
    }
}
