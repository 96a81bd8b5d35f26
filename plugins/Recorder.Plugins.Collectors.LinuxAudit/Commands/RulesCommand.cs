using Recorder.Contracts.Commands;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Rules;

namespace Recorder.Plugins.Collectors.LinuxAudit.Commands;

/// <summary>
/// <c>recorder rules register|get|remove|check</c>: the administrator's own audit rules (user-defined rules). They are
/// kept in &lt;data&gt;/audit/user-rules.rules (or the collector's <c>user_rules_directory</c>); a running recorder
/// watches that file and loads them, otherwise they are loaded at its next start.
/// </summary>
[Command("rules")]
public sealed class RulesCommand : IRecorderCommand
{
    private const int Failed = 1, BadInput = 2;

    private static readonly CommandArgument FileArgument = new() { Name = "file", Description = "A rules file, or - to read standard input.", Kind = CommandValueKind.Path };

    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "rules",
        Summary = "User-defined audit rules (auditctl -a/-A syntax) loaded beside the recorder's own.",
        Subcommands =
        [
            new() { Name = "register", Summary = "Check a rules file and make its rules the user-defined rules. Only -a/-A rules are accepted; one refused line refuses the whole file.", Arguments = [FileArgument] },
            new() { Name = "get", Summary = "Print the user-defined rules as registered (one per line, ready to register again)." },
            new() { Name = "remove", Summary = "Remove every user-defined rule (a running recorder unloads them)." },
            new() { Name = "check", Summary = "Check a rules file without registering it; print each rule as auditctl -l lists it.", Arguments = [FileArgument] },
        ],
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) => Task.FromResult(invocation.Path is [_, var verb]
        ? verb switch
        {
            "register" => Register(invocation),
            "get" => Get(invocation),
            "remove" => Remove(invocation),
            "check" => Check(invocation),
            _ => Usage(invocation),
        }
        : Usage(invocation));

    private static int Register(CommandInvocation invocation)
    {
        if (OpenStore(invocation) is not { } store) return BadInput;
        if (ReadInput(invocation) is not { } input) return BadInput;
        UserRuleValidation result;
        try
        {
            result = store.Register(input.Text, input.Name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"recorder rules register: cannot write {store.FilePath}: {ex.Message} (run as root)");
            return Failed;
        }
        if (!result.IsAccepted)
        {
            foreach (var refusal in result.Refusals) invocation.Error.WriteLine(refusal.ToString());
            invocation.Error.WriteLine($"recorder rules register: {result.Refusals.Count} line(s) refused; nothing was registered.");
            return Failed;
        }
        invocation.Output.WriteLine($"registered {result.Rules.Count} rule(s) in {store.FilePath}");
        var verdicts = new UserRuleVerdicts(store);
        if (!verdicts.IsWatched())
        {
            invocation.Output.WriteLine("no recorder is running: they load at its next start (`recorder status` then shows whether the kernel took them)");
            return 0;
        }
        // A running recorder loads them now; the kernel may still refuse one (then it removes them all): wait and say which.
        var deadline = DateTime.UtcNow + VerdictWait;
        while (DateTime.UtcNow < deadline)
        {
            if (verdicts.Find(store.WrittenContentHash!) is { } verdict)
            {
                if (verdict.Loaded)
                {
                    invocation.Output.WriteLine("the running recorder loaded them: " + verdict.Detail);
                    return 0;
                }
                invocation.Error.WriteLine("recorder rules register: the running recorder refused them: " + verdict.Detail);
                return Failed;
            }
            Thread.Sleep(100);
        }
        invocation.Error.WriteLine($"recorder rules register: the running recorder did not answer within {VerdictWait.TotalSeconds:0} s; see `recorder status` (collector.linux-audit {KernelRuleManagerHealthCheck})");
        return Failed;
    }

    private static readonly TimeSpan VerdictWait = TimeSpan.FromSeconds(15);
    private const string KernelRuleManagerHealthCheck = KernelRuleManager.UserRulesHealthCheck;

    private static int Get(CommandInvocation invocation)
    {
        if (OpenStore(invocation) is not { } store) return BadInput;
        UserRuleValidation loaded;
        try
        {
            loaded = store.Load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"recorder rules get: cannot read {store.FilePath}: {ex.Message} (run as root)");
            return Failed;
        }
        foreach (var refusal in loaded.Refusals)
            invocation.Error.WriteLine($"warning: {refusal} - the recorder will not load the user-defined rules until this is fixed");
        if (!loaded.IsAccepted)
        {
            // Show what is registered even when it no longer loads, so the administrator can fix it.
            foreach (var line in File.ReadLines(store.FilePath))
                if (line.Length > 0 && !line.StartsWith('#')) invocation.Output.WriteLine(line);
            return Failed;
        }
        if (!store.HasRules)
        {
            invocation.Error.WriteLine("no user-defined rules are registered");
            return 0;
        }
        foreach (var entry in store.Entries) invocation.Output.WriteLine(entry.Text);
        return 0;
    }

    private static int Remove(CommandInvocation invocation)
    {
        if (OpenStore(invocation) is not { } store) return BadInput;
        try
        {
            invocation.Output.WriteLine(store.Remove() ? $"removed the user-defined rules ({store.FilePath})" : "no user-defined rules were registered");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"recorder rules remove: cannot delete {store.FilePath}: {ex.Message} (run as root)");
            return Failed;
        }
    }

    private static int Check(CommandInvocation invocation)
    {
        if (ReadInput(invocation) is not { } input) return BadInput;
        var result = UserRuleValidator.Validate(input.Text, input.Name);
        foreach (var refusal in result.Refusals) invocation.Error.WriteLine(refusal.ToString());
        if (!result.IsAccepted) return Failed;
        foreach (var rule in result.Rules) invocation.Output.WriteLine(AuditRuleFormatter.Format(rule.Rule));
        return 0;
    }

    private static int Usage(CommandInvocation invocation)
    {
        invocation.Error.WriteLine("recorder rules: name what to do: register, get, remove or check");
        return BadInput;
    }

    /// <summary>The store the collector reads: its <c>user_rules_directory</c> setting, else the host's data folder.</summary>
    private static UserRuleStore? OpenStore(CommandInvocation invocation)
    {
        LinuxAuditSettings settings;
        try
        {
            settings = invocation.Settings.Bind<LinuxAuditSettings>();
        }
        catch (PluginOptionsException ex)
        {
            invocation.Error.WriteLine($"recorder rules: {invocation.Settings.Source}: {ex.Message}");
            return null;
        }
        return new UserRuleStore(string.IsNullOrEmpty(settings.UserRulesDirectory) ? invocation.HostDataDirectory : settings.UserRulesDirectory);
    }

    private static (string Text, string Name)? ReadInput(CommandInvocation invocation)
    {
        var path = invocation.GetText("file")!;
        if (path == "-") return (invocation.Input.ReadToEnd(), "<stdin>");
        try
        {
            return (File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"recorder rules: cannot read {path}: {ex.Message}");
            return null;
        }
    }
}
