using System.Buffers.Text;

namespace Recorder.Plugins.Enrichers.Process.Linux;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the process table uses.</summary>
/// <param name="ParentPid">Field 4.</param>
/// <param name="TerminalNumber">Field 7 (tty_nr: major in bits 8-15, minor in bits 0-7 and 20-31).</param>
/// <param name="StartTicks">Field 22: start time in clock ticks since boot; never changes for a process, survives exec.</param>
internal readonly record struct ProcStat(int ParentPid, int TerminalNumber, long StartTicks)
{
    /// <summary>Parses a stat line. The command name (field 2) is in parentheses and may hold spaces or ')'.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out ProcStat stat)
    {
        stat = default;
        var close = line.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= line.Length) return false;
        var rest = line[(close + 2)..];
        // rest starts at field 3 (state). Walk space-separated fields, counting from 3.
        int field = 3, ppid = 0, tty = 0;
        while (!rest.IsEmpty)
        {
            var space = rest.IndexOf((byte)' ');
            var token = space < 0 ? rest : rest[..space];
            switch (field)
            {
                case 4: if (!Utf8Parser.TryParse(token, out ppid, out _)) return false; break;
                case 7: if (!Utf8Parser.TryParse(token, out tty, out _)) return false; break;
                case 22:
                    if (!Utf8Parser.TryParse(token, out long start, out _)) return false;
                    stat = new ProcStat(ppid, tty, start);
                    return true;
            }
            if (space < 0) break;
            rest = rest[(space + 1)..];
            field++;
        }
        return false;
    }

    /// <summary>The terminal name (<c>pts/3</c>, <c>tty1</c>), or null without a controlling terminal.</summary>
    public string? TerminalName()
    {
        if (TerminalNumber == 0) return null;
        var major = (TerminalNumber >> 8) & 0xfff;
        var minor = (TerminalNumber & 0xff) | ((TerminalNumber >> 12) & 0xfff00);
        return major switch
        {
            >= 136 and <= 143 => "pts/" + ((major - 136) * 256 + minor),
            4 when minor < 64 => "tty" + minor,
            4 => "ttyS" + (minor - 64),
            _ => $"{major}:{minor}",
        };
    }
}
