using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// <c>is</c> / <c>in</c> on IP addresses: each operand is an address or a CIDR range (<c>10.0.0.0/8</c>,
/// <c>fe80::/10</c>). IPv4-mapped IPv6 addresses (<c>::ffff:10.1.2.3</c>) compare as IPv4. Dotted IPv4 text,
/// the common case, is parsed here without allocating; IPv6 goes through <see cref="IPAddress"/>.
/// </summary>
internal sealed class IpAddressInTest : ValueTest
{
    private readonly IPNetwork[] _networks;
    private readonly (uint Prefix, uint Mask)[] _ipv4;

    public IpAddressInTest(IReadOnlyList<IPNetwork> networks)
    {
        _networks = networks.ToArray();
        _ipv4 = _networks
            .Where(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            .Select(n => (ToUInt32(n.BaseAddress), n.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - n.PrefixLength)))
            .ToArray();
    }

    /// <summary>Parses <c>address</c> or <c>address/prefix</c>; false when it is neither.</summary>
    public static bool TryParseOperand(string text, out IPNetwork network)
    {
        network = default;
        if (text.Contains('/'))
        {
            if (!IPNetwork.TryParse(text, out var parsed)) return false;
            network = parsed.BaseAddress.IsIPv4MappedToIPv6 && parsed.PrefixLength >= 96
                ? new IPNetwork(parsed.BaseAddress.MapToIPv4(), parsed.PrefixLength - 96)
                : parsed;
            return true;
        }
        if (!IPAddress.TryParse(text, out var address)) return false;
        address = Canonical(address);
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    public override bool Test(string value)
    {
        if (TryParseDottedIPv4(value, out var ipv4))
        {
            foreach (var (prefix, mask) in _ipv4)
                if ((ipv4 & mask) == prefix) return true;
            return false;
        }
        return IPAddress.TryParse(value, out var address) && Contains(Canonical(address));
    }

    private bool Contains(IPAddress address)
    {
        foreach (var network in _networks)
            if (network.Contains(address)) return true;
        return false;
    }

    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    // Strict a.b.c.d with decimal parts 0..255; anything else (IPv6, odd forms) takes the general path.
    private static bool TryParseDottedIPv4(string text, out uint address)
    {
        address = 0;
        var parts = 0;
        var part = -1;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (part < 0 || ++parts > 3) return false;
                address = (address << 8) | (uint)part;
                part = -1;
            }
            else if (c is >= '0' and <= '9')
            {
                part = part < 0 ? c - '0' : part * 10 + (c - '0');
                if (part > 255) return false;
            }
            else return false;
        }
        if (part < 0 || parts != 3) return false;
        address = (address << 8) | (uint)part;
        return true;
    }
}
