using System.Buffers.Binary;
using System.Net;
using System.Text;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// A decoded SOCKADDR record (<c>saddr=</c> is the hex of a struct sockaddr): inet (family 2: big-endian port, IPv4),
/// inet6 (family 10: port, flow info, IPv6, scope), unix (family 1: a path, or an abstract name starting with NUL,
/// shown as <c>@name</c>).
/// </summary>
public readonly record struct SocketAddress(string Family, IPAddress? Address, int? Port, string? UnixPath)
{
    private const int AfUnix = 1;
    private const int AfInet = 2;
    private const int AfInet6 = 10;

    /// <summary>Decodes the hex text of a <c>saddr</c> field. False for families other than unix, inet, inet6.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, out SocketAddress address)
    {
        address = default;
        if (!AuditValueDecoder.LooksHexEncoded(hex)) return false;
        Span<byte> raw = stackalloc byte[Math.Min(hex.Length / 2, 128)];
        var length = AuditValueDecoder.DecodeHex(hex[..(raw.Length * 2)], raw);
        raw = raw[..length];
        if (raw.Length < 2) return false;
        var family = BinaryPrimitives.ReadUInt16LittleEndian(raw);
        switch (family)
        {
            case AfInet when raw.Length >= 8:
                address = new SocketAddress("inet", new IPAddress(raw.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(raw[2..]), null);
                return true;
            case AfInet6 when raw.Length >= 24:
                var scope = raw.Length >= 28 ? BinaryPrimitives.ReadUInt32LittleEndian(raw[24..]) : 0;
                address = new SocketAddress("inet6", new IPAddress(raw.Slice(8, 16), scope), BinaryPrimitives.ReadUInt16BigEndian(raw[2..]), null);
                return true;
            case AfUnix:
                address = new SocketAddress("unix", null, null, DecodeUnixPath(raw[2..]));
                return true;
            default:
                return false;
        }
    }

    private static string DecodeUnixPath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty) return "";
        if (path[0] == 0)
        {
            // Abstract socket: the name is every byte after the leading NUL up to the next NUL.
            var rest = path[1..];
            var end = rest.IndexOf((byte)0);
            return "@" + Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
        }
        var nul = path.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? path : path[..nul]);
    }
}
