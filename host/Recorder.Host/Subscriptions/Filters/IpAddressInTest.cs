using System.Net;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// <c>is</c> / <c>in</c> on IP addresses: each operand is an address or a CIDR range (<c>10.0.0.0/8</c>,
/// <c>fe80::/10</c>). IPv4-mapped IPv6 addresses (<c>::ffff:10.1.2.3</c>) compare as IPv4.
/// </summary>
internal sealed class IpAddressInTest : ValueTest
{
    private readonly IPNetwork[] _networks;

    public IpAddressInTest(IReadOnlyList<IPNetwork> networks) => _networks = networks.ToArray();

    /// <summary>Parses <c>address</c> or <c>address/prefix</c>; false when it is neither.</summary>
    public static bool TryParseOperand(string text, out IPNetwork network)
    {
        network = default;
        if (text.Contains('/'))
        {
            if (!IPNetwork.TryParse(text, out var parsed)) return false;
            network = parsed;
            return true;
        }
        if (!IPAddress.TryParse(text, out var address)) return false;
        address = Canonical(address);
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    public override bool Test(string value) =>
        IPAddress.TryParse(value, out var address) && Contains(Canonical(address));

    private bool Contains(IPAddress address)
    {
        foreach (var network in _networks)
            if (network.Contains(address)) return true;
        return false;
    }

    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
