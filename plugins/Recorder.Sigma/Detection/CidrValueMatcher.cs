using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Recorder.Sigma.Detection;

/// <summary>
/// <c>|cidr</c>: the event's address (IPv4 or IPv6 text) lies in the network. IPv4 text is parsed on the stack;
/// IPv6 through <see cref="IPAddress"/> (one small allocation, only for IPv6 values reaching a cidr rule).
/// </summary>
internal sealed class CidrValueMatcher : ValueMatcher
{
    private static readonly Func<CidrValueMatcher, ReadOnlySpan<char>, bool> Test = static (m, text) => m.Contains(text);

    private readonly byte[] _network;
    private readonly int _prefixLength;

    private CidrValueMatcher(string text, byte[] network, int prefixLength)
    {
        Text = text;
        _network = network;
        _prefixLength = prefixLength;
    }

    public string Text { get; }

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>fe80::/10</c> or a single address; null when it is neither.</summary>
    public static CidrValueMatcher? TryCreate(string text)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return null;
        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length * 8;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                           || prefix > bytes.Length * 8))
            return null;
        return new CidrValueMatcher(text, bytes, prefix);
    }

    public override bool Matches(bool present, in SigmaValue value, ISigmaEventFields fields) =>
        present && value.Kind is SigmaValueKind.String or SigmaValueKind.StringList && AnyText(value, this, Test);

    private bool Contains(ReadOnlySpan<char> text)
    {
        Span<byte> address = stackalloc byte[16];
        int length;
        if (_network.Length == 4)
        {
            if (!TryParseIPv4(text.Trim(), address)) return false;
            length = 4;
        }
        else
        {
            if (text.IndexOf(':') < 0 || !IPAddress.TryParse(text.Trim(), out var parsed)
                || parsed.AddressFamily != AddressFamily.InterNetworkV6 || !parsed.TryWriteBytes(address, out length))
                return false;
        }
        return length == _network.Length && PrefixEquals(address[..length]);
    }

    private bool PrefixEquals(ReadOnlySpan<byte> address)
    {
        var whole = _prefixLength / 8;
        if (!address[..whole].SequenceEqual(_network.AsSpan(0, whole))) return false;
        var rest = _prefixLength % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (_network[whole] & mask);
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, Span<byte> address)
    {
        for (var part = 0; part < 4; part++)
        {
            var dot = text.IndexOf('.');
            var digits = part < 3 ? (dot < 0 ? default : text[..dot]) : text;
            if (digits.IsEmpty || digits.Length > 3 || part < 3 && dot < 0) return false;
            if (!byte.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out address[part])) return false;
            if (part < 3) text = text[(dot + 1)..];
        }
        return true;
    }

    public override string ToString() => Text;
}
