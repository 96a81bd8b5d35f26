namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Decides which lines of an administrator's rules file may become user-defined rules: only syscall rules
/// (<c>-a</c>/<c>-A</c>) that parse, whose <c>dir=</c>/<c>path=</c> exist on this machine, and that are not
/// repeated. Everything else is refused with its line number and the reason.
/// </summary>
public static class UserRuleValidator
{
    public static UserRuleValidation Validate(string text, string sourceName) =>
        Validate(text, sourceName, AuditRuleParserOptions.Default, PathExists);

    public static UserRuleValidation Validate(string text, string sourceName, AuditRuleParserOptions options, Func<string, bool> pathExists)
    {
        var rules = new List<UserRule>();
        var refusals = new List<UserRuleRefusal>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var file = AuditRuleParser.ParseFile(text, sourceName, options);
        foreach (var line in file.Lines)
        {
            if (RefusalReason(line, pathExists) is { } reason)
            {
                refusals.Add(new UserRuleRefusal(sourceName, line.LineNumber, line.Text, reason));
                continue;
            }
            var rule = line.Rule!;
            var identity = Convert.ToHexString(AuditRuleEncoder.Encode(rule));
            if (seen.TryGetValue(identity, out var first))
            {
                refusals.Add(new UserRuleRefusal(sourceName, line.LineNumber, line.Text, $"the same rule as line {first}: the kernel would refuse it as a duplicate"));
                continue;
            }
            seen.Add(identity, line.LineNumber);
            rules.Add(new UserRule(rule, line.Text.Trim(), line.LineNumber));
        }
        if (rules.Count == 0 && refusals.Count == 0)
            refusals.Add(new UserRuleRefusal(sourceName, 0, "", "the file holds no rules (only comments or blank lines)"));
        return new UserRuleValidation(rules, refusals);
    }

    private static string? RefusalReason(AuditRuleLine line, Func<string, bool> pathExists)
    {
        var first = FirstArgument(line.Text);
        if (first is "-w" or "-W")
            return "watches (-w/-W) are not accepted: write the rule as -a always,exit -F path=<file> (or dir=<folder>) -F perm=<rwxa>";
        if (line.Kind == AuditRuleLineKind.Control)
        {
            return line.Control switch
            {
                "-D" => "deleting all rules (-D) is not allowed in user-defined rules",
                "-e" => "changing the audit enabled state (-e) is not allowed in user-defined rules",
                "-b" => "setting the backlog limit (-b) is not allowed in user-defined rules",
                "-f" => "setting the failure mode (-f) is not allowed in user-defined rules",
                "-r" => "setting the rate limit (-r) is not allowed in user-defined rules",
                _ => $"'{line.Control}' changes the audit system, not a rule: only -a/-A rules are accepted",
            };
        }
        if (line.Kind == AuditRuleLineKind.Error) return line.Error!.Reason + ErrorPosition(line.Error!);
        if (first is not ("-a" or "-A") && !(first?.StartsWith("-a", StringComparison.Ordinal) ?? false) && !(first?.StartsWith("-A", StringComparison.Ordinal) ?? false))
            return "only rules starting with -a or -A are accepted";
        var rule = line.Rule!;
        if (rule.Command == AuditRuleCommand.Delete) return "deleting rules (-d) is not allowed in user-defined rules";
        foreach (var field in rule.Fields)
        {
            if (field.Field is AuditField.Watch or AuditField.Dir && field.Text is { } path && !pathExists(path))
                return $"{(field.Field == AuditField.Dir ? "dir" : "path")}={path} does not exist on this system";
        }
        return null;
    }

    private static string ErrorPosition(AuditRuleSyntaxException error) =>
        error.ArgumentIndex > 0 ? $" (argument {error.ArgumentIndex} '{error.Argument}', column {error.Column})" : "";

    private static string? FirstArgument(string text)
    {
        try
        {
            var tokens = AuditRuleTokenizer.Split(text);
            return tokens.Count > 0 ? tokens[0].Value : null;
        }
        catch (AuditRuleSyntaxException)
        {
            return null;
        }
    }

    private static bool PathExists(string path) => File.Exists(path) || Directory.Exists(path);
}
