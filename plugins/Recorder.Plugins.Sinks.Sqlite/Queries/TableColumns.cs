namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Reads the column names out of a <c>CREATE TABLE</c> statement as the sink writes them (and as SQLite keeps them after
/// <c>ALTER TABLE … ADD COLUMN</c>): <c>CREATE TABLE name(col TYPE …, "col" TYPE, …)</c>. Column names the sink makes
/// hold only letters, digits and underscores, so a comma always separates two columns.
/// </summary>
internal static class TableColumns
{
    private static readonly HashSet<string> ConstraintWords = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

    /// <summary>The column names, or null when the text is not of that shape (then ask SQLite instead).</summary>
    public static HashSet<string>? FromCreateSql(string sql)
    {
        var open = sql.IndexOf('(');
        var close = sql.LastIndexOf(')');
        if (open < 0 || close <= open) return null;
        var body = sql[(open + 1)..close];
        // Parentheses inside (a table constraint, a default expression) could hide commas.
        if (body.Contains('(')) return null;
        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in body.Split(','))
        {
            var text = definition.Trim();
            var end = text.IndexOfAny([' ', '\t', '\n', '\r']);
            var name = (end < 0 ? text : text[..end]).Trim('"', '`', '[', ']');
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || ConstraintWords.Contains(name.ToUpperInvariant())) return null;
            columns.Add(name);
        }
        return columns;
    }
}
