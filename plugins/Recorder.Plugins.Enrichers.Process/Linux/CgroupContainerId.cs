namespace Recorder.Plugins.Enrichers.Process.Linux;

/// <summary>
/// Finds the container id in the text of <c>/proc/&lt;pid&gt;/cgroup</c>, with no call to any container runtime.
/// The runtimes name a container's cgroup after it: Docker (<c>/docker/ID</c>, <c>docker-ID.scope</c>), containerd
/// and Kubernetes (<c>/kubepods/.../podUID/ID</c>, <c>cri-containerd-ID.scope</c>), CRI-O (<c>crio-ID.scope</c>),
/// Podman (<c>libpod-ID.scope</c>), systemd-nspawn (<c>systemd-nspawn@NAME.service</c>) and LXC
/// (<c>lxc.payload.NAME</c>). The deepest matching part of the path wins (a pod's container, not the pod). Host
/// processes (<c>init.scope</c>, <c>user.slice/...</c>, <c>system.slice/sshd.service</c>) have none.
/// </summary>
internal static class CgroupContainerId
{
    private const int IdLength = 64;
    private static readonly string[] ScopePrefixes = ["docker-", "cri-containerd-", "crio-", "libpod-", "containerd-"];

    /// <summary>The container id named by any line of <paramref name="cgroupFile"/>, or null.</summary>
    public static string? Parse(ReadOnlySpan<char> cgroupFile)
    {
        foreach (var line in cgroupFile.EnumerateLines())
        {
            // hierarchy-id:controllers:path; the path may itself contain ':'.
            var first = line.IndexOf(':');
            if (first < 0) continue;
            var second = line[(first + 1)..].IndexOf(':');
            if (second < 0) continue;
            if (FromPath(line[(first + second + 2)..]) is { } id) return id;
        }
        return null;
    }

    private static string? FromPath(ReadOnlySpan<char> path)
    {
        while (path.Length > 0)
        {
            var slash = path.LastIndexOf('/');
            var segment = path[(slash + 1)..];
            if (FromSegment(segment) is { } id) return id;
            if (slash < 0) break;
            path = path[..slash];
        }
        return null;
    }

    private static string? FromSegment(ReadOnlySpan<char> segment)
    {
        if (IsId(segment)) return segment.ToString();
        if (segment.EndsWith(".scope", StringComparison.Ordinal))
        {
            var name = segment[..^".scope".Length];
            foreach (var prefix in ScopePrefixes)
                if (name.StartsWith(prefix, StringComparison.Ordinal) && IsId(name[prefix.Length..])) return name[prefix.Length..].ToString();
        }
        const string nspawn = "systemd-nspawn@", lxc = "lxc.payload.";
        if (segment.StartsWith(nspawn, StringComparison.Ordinal) && segment.EndsWith(".service", StringComparison.Ordinal) && segment.Length > nspawn.Length + ".service".Length)
            return UnescapeSystemd(segment[nspawn.Length..^".service".Length]);
        if (segment.StartsWith(lxc, StringComparison.Ordinal) && segment.Length > lxc.Length)
            return segment[lxc.Length..].ToString();
        return null;
    }

    private static bool IsId(ReadOnlySpan<char> text) => text.Length == IdLength && !text.ContainsAnyExcept("0123456789abcdef");

    /// <summary>systemd escapes unit name characters as <c>\xNN</c> (a '-' in a machine name is <c>\x2d</c>).</summary>
    private static string UnescapeSystemd(ReadOnlySpan<char> name)
    {
        if (!name.Contains('\\')) return name.ToString();
        var text = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 3 < name.Length && name[i + 1] == 'x'
                && byte.TryParse(name.Slice(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                text.Append((char)b);
                i += 3;
            }
            else text.Append(name[i]);
        }
        return text.ToString();
    }
}
