using System.Text;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// Joins argv into one command line that can be split back exactly: arguments separated by one space; an argument
/// that is empty or holds whitespace, a quote or a backslash is put in double quotes, with <c>"</c> and <c>\</c>
/// escaped by a backslash. Newlines and other characters stay as they are.
/// </summary>
public static class CommandLine
{
    /// <summary>Joins <paramref name="args"/>.</summary>
    public static string Join(IReadOnlyList<string> args)
    {
        if (args.Count == 0) return "";
        if (args.Count == 1 && !NeedsQuoting(args[0])) return args[0];
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            AppendArgument(sb, args[i]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Joins a NUL-separated argv (PROCTITLE) like <see cref="Join"/>; when no argument needs quoting this is one
    /// replace, without splitting.
    /// </summary>
    public static string JoinNulSeparated(string argv)
    {
        if (argv.EndsWith('\0')) argv = argv[..^1]; // the terminator of the last argument
        foreach (var c in argv)
        {
            if (c != '\0' && (char.IsWhiteSpace(c) || c is '"' or '\'' or '\\')) return Join(argv.Split('\0'));
        }
        // Empty arguments (two NULs in a row) need quotes too.
        return argv.Contains("\0\0", StringComparison.Ordinal) ? Join(argv.Split('\0')) : argv.Replace('\0', ' ');
    }

    /// <summary>Splits a command line made by <see cref="Join"/> back into its arguments.</summary>
    public static List<string> Split(string commandLine)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        while (i < commandLine.Length)
        {
            if (commandLine[i] == ' ') { i++; continue; }
            sb.Clear();
            if (commandLine[i] == '"')
            {
                i++;
                while (i < commandLine.Length && commandLine[i] != '"')
                {
                    if (commandLine[i] == '\\' && i + 1 < commandLine.Length) i++;
                    sb.Append(commandLine[i++]);
                }
                i++; // closing quote
            }
            else
            {
                while (i < commandLine.Length && commandLine[i] != ' ') sb.Append(commandLine[i++]);
            }
            result.Add(sb.ToString());
        }
        return result;
    }

    private static bool NeedsQuoting(string arg)
    {
        if (arg.Length == 0) return true;
        foreach (var c in arg)
        {
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '\\') return true;
        }
        return false;
    }

    private static void AppendArgument(StringBuilder sb, string arg)
    {
        if (!NeedsQuoting(arg)) { sb.Append(arg); return; }
        sb.Append('"');
        foreach (var c in arg)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        sb.Append('"');
    }
}
