using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// How dotted names become SQL names: <c>file.path</c> is the column <c>file_path</c>, the type <c>file.write</c>
/// is the view <c>file_write</c>, and partition <c>n</c> keeps its tables under the prefix <c>p{n}_</c>.
/// </summary>
public static class SqlNames
{
    /// <summary>The SQL spelling of a dotted field or type name (dots become underscores).</summary>
    public static string FromDotted(string dotted)
    {
        Span<char> buffer = dotted.Length <= 128 ? stackalloc char[dotted.Length] : new char[dotted.Length];
        for (var i = 0; i < dotted.Length; i++)
        {
            var c = dotted[i];
            buffer[i] = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : c is >= 'A' and <= 'Z' ? (char)(c + 32) : '_';
        }
        return new string(buffer);
    }

    /// <summary>The column names of the header fields in views (<c>event_time</c>, <c>process_pid</c>, ...).</summary>
    public static IReadOnlySet<string> CommonColumns { get; } =
        CommonFields.All.Select(f => FromDotted(f.Name)).Append("tags").ToHashSet(StringComparer.Ordinal);

    internal static string Strings(long partition) => $"p{partition}_str";
    internal static string Processes(long partition) => $"p{partition}_proc";
    internal static string Events(long partition, string typeTable) => $"p{partition}_e_{typeTable}";
    internal static string EventsPrefix(long partition) => $"p{partition}_e_";

    /// <summary>Quotes an identifier for SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
