using System.Text;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Enrichers.Process.Linux;

/// <summary>
/// Reads processes from <c>/proc</c>. Used only off the hot path: at start (snapshot), for a process never seen,
/// and by the periodic liveness check. Every read tolerates the process vanishing half-way.
/// </summary>
internal static class ProcFs
{
    public const string Root = "/proc";

    /// <summary>This boot's id (<c>/proc/sys/kernel/random/boot_id</c>): changes at every boot.</summary>
    public static Guid ReadBootId() => Guid.Parse(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim());

    /// <summary>Kernel clock ticks per second (USER_HZ, 100 on every mainstream architecture).</summary>
    public static long ClockTicksPerSecond { get; } = Math.Max(1, LibC.sysconf(LibC._SC_CLK_TCK));

    /// <summary>Wall-clock time of boot (UTC ticks), from the uptime; precise to about 10 ms.</summary>
    public static long ReadBootTimeUtcTicks()
    {
        var now = DateTime.UtcNow.Ticks;
        var text = File.ReadAllText("/proc/uptime");
        var uptimeSeconds = double.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
        return now - (long)(uptimeSeconds * TimeSpan.TicksPerSecond);
    }

    /// <summary>Reads <c>/proc/&lt;pid&gt;/stat</c>; false when the process is gone.</summary>
    public static bool TryReadStat(int pid, out ProcStat stat)
    {
        Span<byte> buffer = stackalloc byte[1024];
        var length = TryReadSmallFile($"{Root}/{pid}/stat", buffer);
        if (length <= 0) { stat = default; return false; }
        return ProcStat.TryParse(buffer[..length], out stat);
    }

    /// <summary>Every numeric entry of /proc.</summary>
    public static List<int> ListPids()
    {
        var pids = new List<int>(512);
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            var name = dir.AsSpan(Root.Length + 1);
            if (int.TryParse(name, System.Globalization.NumberStyles.None, null, out var pid)) pids.Add(pid);
        }
        return pids;
    }

    /// <summary>Reads what the process table keeps about a process; null when it is gone.</summary>
    public static ProcSnapshot? TryReadProcess(int pid)
    {
        if (!TryReadStat(pid, out var stat)) return null;
        var dir = $"{Root}/{pid}";
        var snapshot = new ProcSnapshot
        {
            Pid = pid,
            ParentPid = stat.ParentPid,
            StartTicks = stat.StartTicks,
            Terminal = stat.TerminalName(),
            Executable = TryReadLink(dir + "/exe"),
            WorkingDirectory = TryReadLink(dir + "/cwd"),
            Arguments = TryReadArguments(dir + "/cmdline"),
            ContainerId = TryReadContainerId(pid),
            LoginUid = TryReadNumber(dir + "/loginuid"),
            SessionId = TryReadNumber(dir + "/sessionid"),
        };
        if (snapshot.Arguments is { } args) snapshot.CommandLine = JoinArguments(args);
        ReadIds(dir + "/status", snapshot);
        // The stat we read first proves the identity; if the pid was reused in between, the start time differs.
        if (!TryReadStat(pid, out var again) || again.StartTicks != stat.StartTicks) return null;
        return snapshot;
    }

    private static void ReadIds(string path, ProcSnapshot snapshot)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("Uid:"))
                (snapshot.Uid, snapshot.EffectiveUid) = FirstTwo(line[4..]);
            else if (line.StartsWith("Gid:"))
                (snapshot.Gid, _) = FirstTwo(line[4..]);
        }
    }

    private static (long, long) FirstTwo(ReadOnlySpan<char> values)
    {
        Span<Range> parts = stackalloc Range[5];
        var n = values.Trim().SplitAny(parts, " \t", StringSplitOptions.RemoveEmptyEntries);
        var trimmed = values.Trim();
        long a = n > 0 && long.TryParse(trimmed[parts[0]], out var x) ? x : -1;
        long b = n > 1 && long.TryParse(trimmed[parts[1]], out var y) ? y : -1;
        return (a, b);
    }

    private static string? TryReadLink(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            // A deleted image reads as "/usr/bin/x (deleted)": keep what the kernel says, responders need it.
            return target;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static long TryReadNumber(string path)
    {
        Span<byte> buffer = stackalloc byte[32];
        var length = TryReadSmallFile(path, buffer);
        if (length <= 0) return -1;
        return System.Buffers.Text.Utf8Parser.TryParse(buffer[..length], out long value, out _) ? value : -1;
    }

    /// <summary>
    /// The exact argv of a process from <c>/proc/&lt;pid&gt;/cmdline</c> (NUL-separated), with bytes that are not UTF-8
    /// kept as <see cref="LosslessUtf8"/> text; null for kernel threads and zombies, which have none.
    /// </summary>
    internal static string[]? TryReadArguments(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        if (bytes.Length == 0) return null;
        ReadOnlySpan<byte> span = bytes;
        if (span[^1] == 0) span = span[..^1];
        var args = new List<string>();
        foreach (var range in span.Split((byte)0)) args.Add(LosslessUtf8.Decode(span[range]));
        return args.ToArray();
    }

    /// <summary>
    /// argv joined as the audit collector joins it, so both sources read alike: one space between arguments; an
    /// argument that is empty or holds whitespace, a quote or a backslash goes in double quotes with <c>"</c>
    /// and <c>\</c> escaped by a backslash.
    /// </summary>
    internal static string JoinArguments(IReadOnlyList<string> args)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) builder.Append(' ');
            AppendArgument(builder, args[i]);
        }
        return builder.ToString();
    }

    /// <summary>The container a process runs in, from its cgroup (<see cref="CgroupContainerId"/>); null on the host or when it is gone.</summary>
    public static string? TryReadContainerId(int pid)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var length = TryReadSmallFile($"{Root}/{pid}/cgroup", buffer);
        if (length <= 0) return null;
        Span<char> text = stackalloc char[length];
        var chars = Encoding.UTF8.GetChars(buffer[..length], text);
        return CgroupContainerId.Parse(text[..chars]);
    }

    internal static void AppendArgument(StringBuilder builder, string arg)
    {
        var quote = arg.Length == 0;
        foreach (var c in arg)
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '\\') { quote = true; break; }
        if (!quote) { builder.Append(arg); return; }
        builder.Append('"');
        foreach (var c in arg)
        {
            if (c is '"' or '\\') builder.Append('\\');
            builder.Append(c);
        }
        builder.Append('"');
    }

    /// <summary>
    /// Reads a small /proc file with plain open/read/close: FileStream and File.OpenHandle add an fstat and a
    /// flock per open, which doubled the cost of a process.start here. Returns -1 when it cannot be read.
    /// </summary>
    private static unsafe int TryReadSmallFile(string path, Span<byte> buffer)
    {
        Span<byte> name = stackalloc byte[64];
        if (Encoding.UTF8.GetByteCount(path) >= name.Length) return -1;
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        int fd;
        fixed (byte* p = name) fd = LibC.open(p, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            fixed (byte* b = buffer)
            {
                var n = LibC.read(fd, b, (nuint)buffer.Length);
                return n < 0 ? -1 : (int)n;
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }
}

/// <summary>One process as read from /proc. Ids are -1 when unknown.</summary>
internal sealed class ProcSnapshot
{
    public int Pid;
    public int ParentPid;
    public long StartTicks;
    public string? Executable;
    public string? CommandLine;
    public string[]? Arguments;
    public string? ContainerId;
    public string? WorkingDirectory;
    public string? Terminal;
    public long Uid = -1, EffectiveUid = -1, Gid = -1, LoginUid = -1, SessionId = -1;
}
