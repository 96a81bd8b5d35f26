using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>A socket's local address and port.</summary>
public readonly record struct SocketEndpoint(IPAddress Address, int Port);

/// <summary>
/// Finds the local address and port of a live process's TCP socket, which an accept's SOCKADDR record (the peer) does
/// not say: <c>/proc/&lt;pid&gt;/fd/&lt;fd&gt;</c> links to <c>socket:[inode]</c>, and the process's network
/// namespace lists that inode with its local endpoint in <c>/proc/&lt;pid&gt;/net/tcp</c> and <c>tcp6</c>.
/// </summary>
/// <remarks>
/// Like <see cref="SocketProtocolLookup"/> it looks at the process as it is now: a listening socket usually lives as
/// long as its server, so the answer is there for accepts; when the process or socket is gone there is none.
/// </remarks>
public static class SocketEndpointLookup
{
    /// <summary>The local endpoint of descriptor <paramref name="fd"/> of process <paramref name="pid"/>, or null.</summary>
    public static SocketEndpoint? Find(long pid, long fd)
    {
        if (pid <= 0 || fd < 0) return null;
        string target;
        try
        {
            // The link's own text (socket:[inode]), not a path resolved against /proc/<pid>/fd.
            target = new FileInfo(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/fd/{fd}")).LinkTarget ?? "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        if (!target.StartsWith("socket:[", StringComparison.Ordinal) || !target.EndsWith(']')) return null;
        var inode = target["socket:[".Length..^1];
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            try
            {
                foreach (var line in File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/net/{table}")).Skip(1))
                    if (ParseLine(line, inode) is { } endpoint) return endpoint;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    /// <summary>
    /// The local endpoint of one line of <c>/proc/net/tcp</c> or <c>tcp6</c> when its inode (tenth column) is
    /// <paramref name="inode"/>: <c>sl local_address rem_address st … uid timeout inode</c>, the address in hex as the
    /// kernel's 32-bit words in host (little-endian) order, the port in hex.
    /// </summary>
    public static SocketEndpoint? ParseLine(string line, string inode)
    {
        var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (columns.Length < 10 || columns[9] != inode) return null;
        var local = columns[1].Split(':');
        if (local.Length != 2 || (local[0].Length != 8 && local[0].Length != 32)) return null;
        if (!int.TryParse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)) return null;
        var bytes = new byte[local[0].Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(local[0].AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)) return null;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(word * 4), value);
        }
        var address = new IPAddress(bytes);
        return new SocketEndpoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
    }
}
