namespace Recorder.Linux.Audit.Rules;

/// <summary>One whitespace-separated argument of a rule line, with quotes and escapes removed.</summary>
public readonly record struct AuditRuleToken(string Value, int Index, int Column);

/// <summary>
/// Splits a rule line into arguments the way a shell would for auditctl: whitespace separates, single or double
/// quotes keep spaces together (<c>-w "/srv/my data"</c>), and a backslash escapes a space or a backslash
/// (auditctl's own rule-file escape, <c>/srv/my\ data</c>).
/// </summary>
public static class AuditRuleTokenizer
{
    public static List<AuditRuleToken> Split(string line)
    {
        var tokens = new List<AuditRuleToken>();
        var current = new System.Text.StringBuilder();
        var start = -1;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
                i++;
                continue;
            }
            if (start < 0) start = i;
            if (c is '"' or '\'')
            {
                var close = line.IndexOf(c, i + 1);
                if (close < 0)
                    throw new AuditRuleSyntaxException($"unterminated {(c == '"' ? "double" : "single")} quote", tokens.Count + 1, i + 1, line[start..]);
                current.Append(line, i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
            if (c == '\\' && i + 1 < line.Length && (line[i + 1] == ' ' || line[i + 1] == '\\'))
            {
                current.Append(line[i + 1]);
                i += 2;
                continue;
            }
            current.Append(c);
            i++;
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (start < 0) return;
            tokens.Add(new AuditRuleToken(current.ToString(), tokens.Count + 1, start + 1));
            current.Clear();
            start = -1;
        }
    }
}
