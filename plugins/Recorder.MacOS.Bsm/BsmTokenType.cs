namespace Recorder.MacOS.Bsm;

/// <summary>Token identifiers of OpenBSM (<c>sys/bsm/audit_record.h</c>): the first byte of every token.</summary>
public static class BsmTokenType
{
    public const byte OtherFile32 = 0x11;
    public const byte Trailer = 0x13;
    public const byte Header32 = 0x14;
    public const byte Header32Ex = 0x15;
    public const byte Data = 0x21;
    public const byte Ipc = 0x22;
    public const byte Path = 0x23;
    public const byte Subject32 = 0x24;
    public const byte Process32 = 0x26;
    public const byte Return32 = 0x27;
    public const byte Text = 0x28;
    public const byte Opaque = 0x29;
    public const byte InAddr = 0x2a;
    public const byte Ip = 0x2b;
    public const byte IPort = 0x2c;
    public const byte Arg32 = 0x2d;
    public const byte Socket = 0x2e;
    public const byte Seq = 0x2f;
    public const byte IpcPerm = 0x32;
    public const byte Groups = 0x34;
    public const byte NewGroups = 0x3b;
    public const byte ExecArgs = 0x3c;
    public const byte ExecEnv = 0x3d;
    public const byte Attr32 = 0x3e;
    public const byte Exit = 0x52;
    public const byte ZoneName = 0x60;
    public const byte Arg64 = 0x71;
    public const byte Return64 = 0x72;
    public const byte Attr64 = 0x73;
    public const byte Header64 = 0x74;
    public const byte Subject64 = 0x75;
    public const byte Process64 = 0x77;
    public const byte OtherFile64 = 0x78;
    public const byte Header64Ex = 0x79;
    public const byte Subject32Ex = 0x7a;
    public const byte Process32Ex = 0x7b;
    public const byte Subject64Ex = 0x7c;
    public const byte Process64Ex = 0x7d;
    public const byte InAddrEx = 0x7e;
    public const byte SocketEx = 0x7f;
    public const byte SockInet32 = 0x80;
    public const byte SockInet128 = 0x81;
    public const byte SockUnix = 0x82;
    public const byte ArgUuid = 0x84;
    public const byte ReturnUuid = 0x85;

    /// <summary>True for the four header tokens that start a record.</summary>
    public static bool IsHeader(byte type) => type is Header32 or Header32Ex or Header64 or Header64Ex;
}
