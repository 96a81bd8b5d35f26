using System.CommandLine;
using Recorder.Host.Configuration;
using Recorder.Linux.Audit.Rules;

namespace Recorder.Cli.Commands;

/// <summary>
/// `recorder rules register|get|remove|check`: the administrator's own audit rules (user-defined rules). They are
/// kept in &lt;data&gt;/audit/user-rules.rules; a running recorder watches that file and loads them, otherwise they
/// are loaded at its next start.
/// </summary>
internal static class RulesCommands
{
    public static Command Create()
    {
        var command = new Command("rules", "User-defined audit rules (auditctl -a/-A syntax) loaded beside the recorder's own.");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Check());
        return command;
    }

    private static Argument<string> FileArgument() => new("file") { Description = "A rules file, or - to read standard input." };

    private static Command Register()
    {
        var file = FileArgument();
        var config = HostOptions.Config();
        var dataDir = HostOptions.DataDir();
        var command = new Command("register", "Check a rules file and make its rules the user-defined rules. Only -a/-A rules are accepted; one refused line refuses the whole file.")
        {
            file, config, dataDir,
        };
        command.SetAction(parseResult =>
        {
            if (OpenStore(parseResult.GetValue(config), parseResult.GetValue(dataDir)) is not { } store) return 2;
            if (ReadInput(parseResult.GetValue(file)!) is not { } input) return 2;
            UserRuleValidation result;
            try
            {
                result = store.Register(input.Text, input.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"recorder rules register: cannot write {store.FilePath}: {ex.Message} (run as root)");
                return 1;
            }
            if (!result.IsAccepted)
            {
                foreach (var refusal in result.Refusals) Console.Error.WriteLine(refusal.ToString());
                Console.Error.WriteLine($"recorder rules register: {result.Refusals.Count} line(s) refused; nothing was registered.");
                return 1;
            }
            Console.WriteLine($"registered {result.Rules.Count} rule(s) in {store.FilePath}");
            Console.WriteLine("a running recorder loads them now (it watches that file); otherwise they load at its next start");
            return 0;
        });
        return command;
    }

    private static Command Get()
    {
        var config = HostOptions.Config();
        var dataDir = HostOptions.DataDir();
        var command = new Command("get", "Print the user-defined rules as registered (one per line, ready to register again).") { config, dataDir };
        command.SetAction(parseResult =>
        {
            if (OpenStore(parseResult.GetValue(config), parseResult.GetValue(dataDir)) is not { } store) return 2;
            UserRuleValidation loaded;
            try
            {
                loaded = store.Load();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"recorder rules get: cannot read {store.FilePath}: {ex.Message} (run as root)");
                return 1;
            }
            foreach (var refusal in loaded.Refusals)
                Console.Error.WriteLine($"warning: {refusal} - the recorder will not load the user-defined rules until this is fixed");
            if (!loaded.IsAccepted)
            {
                // Show what is registered even when it no longer loads, so the administrator can fix it.
                foreach (var line in File.ReadLines(store.FilePath))
                    if (line.Length > 0 && !line.StartsWith('#')) Console.WriteLine(line);
                return 1;
            }
            if (!store.HasRules)
            {
                Console.Error.WriteLine("no user-defined rules are registered");
                return 0;
            }
            foreach (var entry in store.Entries) Console.WriteLine(entry.Text);
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var config = HostOptions.Config();
        var dataDir = HostOptions.DataDir();
        var command = new Command("remove", "Remove every user-defined rule (a running recorder unloads them).") { config, dataDir };
        command.SetAction(parseResult =>
        {
            if (OpenStore(parseResult.GetValue(config), parseResult.GetValue(dataDir)) is not { } store) return 2;
            try
            {
                Console.WriteLine(store.Remove() ? $"removed the user-defined rules ({store.FilePath})" : "no user-defined rules were registered");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"recorder rules remove: cannot delete {store.FilePath}: {ex.Message} (run as root)");
                return 1;
            }
        });
        return command;
    }

    private static Command Check()
    {
        var file = FileArgument();
        var command = new Command("check", "Check a rules file without registering it; print each rule as auditctl -l lists it.") { file };
        command.SetAction(parseResult =>
        {
            if (ReadInput(parseResult.GetValue(file)!) is not { } input) return 2;
            var result = UserRuleValidator.Validate(input.Text, input.Name);
            foreach (var refusal in result.Refusals) Console.Error.WriteLine(refusal.ToString());
            if (!result.IsAccepted) return 1;
            foreach (var rule in result.Rules) Console.WriteLine(AuditRuleFormatter.Format(rule.Rule));
            return 0;
        });
        return command;
    }

    private static UserRuleStore? OpenStore(string? config, string? dataDir) =>
        HostOptions.Load(config, dataDir) is { } configuration ? new UserRuleStore(configuration.DataDirectory) : null;

    private static (string Text, string Name)? ReadInput(string path)
    {
        if (path == "-") return (Console.In.ReadToEnd(), "<stdin>");
        try
        {
            return (File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"recorder rules: cannot read {path}: {ex.Message}");
            return null;
        }
    }
}
