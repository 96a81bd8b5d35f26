using System.Net;

namespace Recorder.MacOS.Bsm;

/// <summary>
/// Decodes one token at the cursor, following OpenBSM's <c>bsm_io.c</c> field by field. A token Recorder does not
/// use but whose layout is known is returned as <see cref="BsmSkippedToken"/>; an identifier with no known layout
/// throws, because nothing after it in the record can be found.
/// </summary>
internal static class BsmTokenDecoder
{
    public static BsmToken Decode(ref BsmCursor cursor)
    {
        var start = cursor.Position;
        var type = cursor.U8();
        switch (type)
        {
            case BsmTokenType.Header32:
            case BsmTokenType.Header32Ex:
            case BsmTokenType.Header64:
            case BsmTokenType.Header64Ex:
                return Header(ref cursor, type);
            case BsmTokenType.Trailer:
            {
                var magicAt = cursor.Position;
                var magic = cursor.U16();
                if (magic != 0xB105) throw new BsmFormatException(magicAt, $"trailer magic is 0x{magic:X4}, not 0xB105");
                return new BsmTrailerToken(type, cursor.U32());
            }
            case BsmTokenType.Subject32:
            case BsmTokenType.Process32:
            case BsmTokenType.Subject32Ex:
            case BsmTokenType.Process32Ex:
            case BsmTokenType.Subject64:
            case BsmTokenType.Process64:
            case BsmTokenType.Subject64Ex:
            case BsmTokenType.Process64Ex:
                return Subject(ref cursor, type);
            case BsmTokenType.Path:
                return new BsmTextToken(type, cursor.CountedString("path"));
            case BsmTokenType.Text:
                return new BsmTextToken(type, cursor.CountedString("text"));
            case BsmTokenType.ZoneName:
                return new BsmTextToken(type, cursor.CountedString("zonename"));
            case BsmTokenType.Attr32:
            case BsmTokenType.Attr64:
            {
                cursor.U16(); // padding before the 16-bit mode
                var mode = cursor.U16();
                var uid = cursor.U32();
                var gid = cursor.U32();
                var fsid = cursor.U32();
                var node = cursor.U64();
                var device = type == BsmTokenType.Attr32 ? cursor.U32() : cursor.U64();
                return new BsmAttrToken(type, mode, uid, gid, fsid, node, device);
            }
            case BsmTokenType.Arg32:
            case BsmTokenType.Arg64:
            {
                var number = cursor.U8();
                var value = type == BsmTokenType.Arg32 ? cursor.U32() : cursor.U64();
                return new BsmArgToken(type, number, value, cursor.CountedString("argument text"));
            }
            case BsmTokenType.ExecArgs:
            case BsmTokenType.ExecEnv:
                return ExecStrings(ref cursor, type);
            case BsmTokenType.Return32:
            {
                var status = cursor.U8();
                return new BsmReturnToken(type, status, unchecked((int)cursor.U32()));
            }
            case BsmTokenType.Return64:
            {
                var status = cursor.U8();
                return new BsmReturnToken(type, status, unchecked((long)cursor.U64()));
            }
            case BsmTokenType.SocketEx:
                return SocketEx(ref cursor, type);
            case BsmTokenType.SockInet32:
            {
                var family = cursor.U16();
                var port = cursor.U16();
                return new BsmSocketToken(type, family, 0, null, null, cursor.IPv4(), port, null);
            }
            case BsmTokenType.SockInet128:
            {
                var family = cursor.U16();
                var port = cursor.U16();
                return new BsmSocketToken(type, family, 0, null, null, new IPAddress(cursor.Take(16, "an IPv6 address")), port, null);
            }
            case BsmTokenType.SockUnix:
            {
                var family = cursor.U16();
                // NUL-terminated within at most 104 bytes (sizeof sun_path), as bsm_io.c reads it.
                var path = cursor.BoundedTerminatedString(104);
                return new BsmSocketToken(type, family, 0, null, null, null, null, path);
            }
            case BsmTokenType.Socket:
            {
                var socketType = cursor.U16();
                var localPort = cursor.U16();
                var local = cursor.IPv4();
                var remotePort = cursor.U16();
                return new BsmSocketToken(type, 2, socketType, local, localPort, cursor.IPv4(), remotePort, null);
            }
            case BsmTokenType.InAddr:
                return new BsmInAddrToken(type, cursor.IPv4());
            case BsmTokenType.InAddrEx:
                return new BsmInAddrToken(type, cursor.TypedAddress32());
            case BsmTokenType.Ip:
                return new BsmIpToken(type, cursor.Take(20, "IP header").ToArray());
            case BsmTokenType.IPort:
                return new BsmIPortToken(type, cursor.U16());
            case BsmTokenType.Seq:
                return new BsmSeqToken(type, cursor.U32());
            case BsmTokenType.Opaque:
            {
                var length = cursor.U16();
                return new BsmOpaqueToken(type, cursor.Take(length, "opaque bytes").ToArray());
            }
            case BsmTokenType.Data:
                return Data(ref cursor, type);
            case BsmTokenType.ArgUuid:
            case BsmTokenType.ReturnUuid:
            {
                var number = cursor.U8();
                var uuid = new Guid(cursor.Take(16, "UUID"), bigEndian: true);
                return new BsmUuidToken(type, number, uuid, cursor.CountedString("UUID text"));
            }
            case BsmTokenType.OtherFile32:
            {
                var at = cursor.Position;
                var seconds = cursor.U32();
                var milliseconds = cursor.U32();
                var time = cursor.Time(seconds, milliseconds, at);
                return new BsmFileToken(type, time, cursor.CountedString("file name"));
            }
            case BsmTokenType.Ipc:
            {
                var ipcType = cursor.U8();
                return new BsmIpcToken(type, ipcType, cursor.U32());
            }
            case BsmTokenType.Exit:
            {
                var status = cursor.U32();
                return new BsmExitToken(type, status, cursor.U32());
            }
            case BsmTokenType.IpcPerm:
                cursor.Take(7 * 4, "ipc_perm");
                return new BsmSkippedToken(type, cursor.Position - start);
            case BsmTokenType.Groups:
            case BsmTokenType.NewGroups:
            {
                var count = cursor.U16();
                cursor.Take(count * 4, "group list");
                return new BsmSkippedToken(type, cursor.Position - start);
            }
            default:
                throw new BsmFormatException(start, $"unknown token 0x{type:x2}: its size is not known, the rest of the record cannot be read");
        }
    }

    private static BsmHeaderToken Header(ref BsmCursor cursor, byte type)
    {
        var size = cursor.U32();
        var version = cursor.U8();
        var eventType = cursor.U16();
        var modifier = cursor.U16();
        IPAddress? machine = type is BsmTokenType.Header32Ex or BsmTokenType.Header64Ex ? cursor.TypedAddress32() : null;
        var timeAt = cursor.Position;
        var is64 = type is BsmTokenType.Header64 or BsmTokenType.Header64Ex;
        var seconds = is64 ? cursor.U64() : cursor.U32();
        var milliseconds = is64 ? cursor.U64() : cursor.U32();
        return new BsmHeaderToken(type, size, version, eventType, modifier, cursor.Time(seconds, milliseconds, timeAt), machine);
    }

    private static BsmSubjectToken Subject(ref BsmCursor cursor, byte type)
    {
        var auid = cursor.U32();
        var euid = cursor.U32();
        var egid = cursor.U32();
        var ruid = cursor.U32();
        var rgid = cursor.U32();
        var pid = cursor.U32();
        var sid = cursor.U32();
        var is64 = type is BsmTokenType.Subject64 or BsmTokenType.Process64 or BsmTokenType.Subject64Ex or BsmTokenType.Process64Ex;
        var port = is64 ? cursor.U64() : cursor.U32();
        var extended = type is BsmTokenType.Subject32Ex or BsmTokenType.Process32Ex or BsmTokenType.Subject64Ex or BsmTokenType.Process64Ex;
        var address = extended ? cursor.TypedAddress32() : cursor.IPv4();
        return new BsmSubjectToken(type, auid, euid, egid, ruid, rgid, pid, sid, port, address);
    }

    private static BsmExecStringsToken ExecStrings(ref BsmCursor cursor, byte type)
    {
        var countAt = cursor.Position;
        var count = cursor.U32();
        // Each string takes at least its NUL: a count larger than the bytes left is damage, not a huge allocation.
        if (count > cursor.Remaining)
            throw new BsmFormatException(countAt, $"{count} exec strings cannot fit in the {cursor.Remaining} bytes left");
        var what = type == BsmTokenType.ExecArgs ? "exec argument" : "exec environment string";
        var values = new string[count];
        for (var i = 0; i < values.Length; i++) values[i] = cursor.TerminatedString(what);
        return new BsmExecStringsToken(type, values);
    }

    private static BsmSocketToken SocketEx(ref BsmCursor cursor, byte type)
    {
        var domain = cursor.U16();
        var socketType = cursor.U16();
        var typeAt = cursor.Position;
        var addressType = cursor.U16();
        if (addressType is not (4 or 16))
            throw new BsmFormatException(typeAt, $"socket_ex address type {addressType} is neither 4 (IPv4) nor 16 (IPv6)");
        var localPort = cursor.U16();
        var local = new IPAddress(cursor.Take(addressType, "local address"));
        var remotePort = cursor.U16();
        var remote = new IPAddress(cursor.Take(addressType, "remote address"));
        return new BsmSocketToken(type, domain, socketType, local, localPort, remote, remotePort, null);
    }

    private static BsmDataToken Data(ref BsmCursor cursor, byte type)
    {
        var howToPrint = cursor.U8();
        var unitAt = cursor.Position;
        var unitType = cursor.U8();
        var unitCount = cursor.U8();
        var unitSize = unitType switch
        {
            0 => 1,
            1 => 2,
            2 => 4,
            3 => 8,
            _ => throw new BsmFormatException(unitAt, $"data unit type {unitType} is not byte, short, int32 or int64"),
        };
        return new BsmDataToken(type, howToPrint, unitType, unitCount, cursor.Take(unitSize * unitCount, "data").ToArray());
    }
}
