using System.Globalization;
using System.Net;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

/// <summary>
/// Reads the values of Windows event fields in any of the forms renderers write them: hex integers with or without
/// zero padding, GUIDs with or without braces, <c>-</c> for "none".
/// </summary>
internal static class WindowsFields
{
    /// <summary>The text, or null for empty and Windows' <c>-</c> placeholder.</summary>
    public static string? Text(string? value) => string.IsNullOrEmpty(value) || value == "-" ? null : value;

    /// <summary>A decimal or <c>0x</c> hex integer, or null.</summary>
    public static long? Integer(string? value)
    {
        value = Text(value);
        if (value is null) return null;
        if (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? unchecked((long)hex) : null;
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>A GUID in any usual form, or <see cref="Guid.Empty"/>.</summary>
    public static Guid Guid(string? value) => System.Guid.TryParse(Text(value), out var guid) ? guid : System.Guid.Empty;

    /// <summary>An IP address in canonical text, or null (for <c>-</c>, empty or a name).</summary>
    public static string? Address(string? value) =>
        IPAddress.TryParse(Text(value) ?? "", out var address) ? address.ToString() : null;

    /// <summary>A Sysmon time (<c>2024-01-31 10:00:00.123</c>, UTC), or null.</summary>
    public static DateTime? SysmonTime(string? value) =>
        DateTime.TryParseExact(Text(value), "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary><c>DOMAIN\user</c> split into its parts; a name without a domain has none.</summary>
    public static (string? Domain, string? User) DomainUser(string? value)
    {
        value = Text(value);
        if (value is null) return (null, null);
        var slash = value.IndexOf('\\');
        return slash < 0 ? (null, value) : (value[..slash], value[(slash + 1)..]);
    }

    /// <summary>
    /// Sysmon's <c>Hashes</c> (<c>SHA1=…,MD5=…,SHA256=…,IMPHASH=…</c>) as Recorder writes hashes: <c>sha256:hex</c>
    /// first, the others after it joined with <c>;</c>, lower case.
    /// </summary>
    public static string? Hashes(string? value)
    {
        value = Text(value);
        if (value is null) return null;
        var parts = new List<string>();
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) continue;
            var hash = $"{pair[..equals].ToLowerInvariant()}:{pair[(equals + 1)..].ToLowerInvariant()}";
            if (hash.StartsWith("sha256:", StringComparison.Ordinal)) parts.Insert(0, hash);
            else parts.Add(hash);
        }
        return parts.Count == 0 ? null : string.Join(';', parts);
    }
}
