using System.Text;

namespace Recorder.Plugins.Collectors.MacOS;

/// <summary>
/// argv joined for display the way the Linux collector joins it, so one query reads both: arguments separated by a
/// space, one that is empty or holds whitespace, a quote or a backslash double-quoted with <c>"</c> and <c>\</c>
/// escaped.
/// </summary>
internal static class CommandLineText
{
    public static string Join(IReadOnlyList<string> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            var arg = args[i];
            if (arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\'))
            {
                sb.Append(arg);
                continue;
            }
            sb.Append('"');
            foreach (var c in arg)
            {
                if (c is '"' or '\\') sb.Append('\\');
                sb.Append(c);
            }
            sb.Append('"');
        }
        return sb.ToString();
    }
}
