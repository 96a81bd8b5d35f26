using System.Text.Json;

namespace Recorder.Plugins.Collectors.MacOS.EndpointSecurity;

/// <summary>
/// An audit_token_t as eslogger prints it: an object with named fields (current versions) or the raw array of eight
/// integers (older ones: auid, euid, egid, ruid, rgid, pid, asid, pidversion).
/// </summary>
internal readonly record struct EsAuditToken(long Auid, long Euid, long Egid, long Ruid, long Rgid, long Pid, long Asid, long PidVersion)
{
    public static EsAuditToken? From(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (element.GetArrayLength() != 8) throw new FormatException($"audit_token array has {element.GetArrayLength()} integers, not 8");
            var v = element.EnumerateArray().Select(e => e.GetInt64()).ToArray();
            return new EsAuditToken(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        }
        if (element.ValueKind != JsonValueKind.Object) return null;
        long Get(string name) => element.TryGetProperty(name, out var p) ? p.GetInt64() : throw new FormatException($"audit_token has no '{name}'");
        return new EsAuditToken(Get("auid"), Get("euid"), Get("egid"), Get("ruid"), Get("rgid"), Get("pid"), Get("asid"), Get("pidversion"));
    }
}
