using System.Text;

namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// The administrator's own audit rules (what the product calls recorder.register-user-defined-audit-rules, get and
/// remove), kept in a root-only file, <c>&lt;data&gt;/audit/user-rules.rules</c>, that holds each rule's text as
/// registered. The collector loads them at start beside its own rules and reloads them when the file changes
/// (see <see cref="WatchForChanges"/>).
/// </summary>
public sealed class UserRuleStore
{
    /// <summary>The file's name inside <c>&lt;data&gt;/audit</c>.</summary>
    public const string FileName = "user-rules.rules";

    private const string Header = "# Recorder user-defined audit rules. Written by `recorder rules register`; do not edit by hand.";

    private readonly AuditRuleParserOptions _options;
    private readonly Func<string, bool> _pathExists;
    private IReadOnlyList<UserRule> _rules = [];

    public UserRuleStore(string dataDirectory)
        : this(dataDirectory, AuditRuleParserOptions.Default, path => File.Exists(path) || Directory.Exists(path)) { }

    public UserRuleStore(string dataDirectory, AuditRuleParserOptions options, Func<string, bool> pathExists)
    {
        AuditDirectory = Path.Combine(dataDirectory, "audit");
        FilePath = Path.Combine(AuditDirectory, FileName);
        _options = options;
        _pathExists = pathExists;
    }

    /// <summary>The root-only file that holds the registered rules.</summary>
    public string FilePath { get; }

    private string AuditDirectory { get; }

    /// <summary>Content hash of the file as of the last <see cref="Load"/> ("none" without a file), for verdicts.</summary>
    public string LoadedContentHash { get; private set; } = UserRuleVerdicts.HashOf(null);

    /// <summary>Content hash of the file the last <see cref="Register"/> wrote.</summary>
    public string? WrittenContentHash { get; private set; }

    /// <summary>The registered rules as of the last <see cref="Load"/>, <see cref="Register"/> or <see cref="Remove"/>.</summary>
    public IReadOnlyList<AuditRule> Rules => _rules.Select(r => r.Rule).ToArray();

    /// <summary>The registered rules with the text each was registered as.</summary>
    public IReadOnlyList<UserRule> Entries => _rules;

    /// <summary>The status row <c>recorder / has_user_defined_audit_rules</c>.</summary>
    public bool HasRules => _rules.Count > 0;

    /// <summary>
    /// Reads the file. Rules are checked again: one whose <c>dir=</c>/<c>path=</c> has disappeared since it was
    /// registered is refused, and then (a file is taken whole) no rule is returned and the refusals say why.
    /// A missing file means no rules.
    /// </summary>
    public UserRuleValidation Load()
    {
        if (!File.Exists(FilePath))
        {
            _rules = [];
            LoadedContentHash = UserRuleVerdicts.HashOf(null);
            return new UserRuleValidation([], []);
        }
        var text = File.ReadAllText(FilePath);
        LoadedContentHash = UserRuleVerdicts.HashOf(text);
        var result = UserRuleValidator.Validate(text, FilePath, _options, _pathExists);
        if (result.Refusals is [{ LineNumber: 0 }]) result = new UserRuleValidation([], []); // an empty file: no rules
        _rules = result.Rules;
        return result;
    }

    /// <summary>
    /// Checks <paramref name="text"/> and, only if every line is accepted, replaces the registered rules with it
    /// (atomically: readers see the old file or the new one). Nothing is written when anything is refused.
    /// </summary>
    public UserRuleValidation Register(string text, string sourceName)
    {
        var result = UserRuleValidator.Validate(text, sourceName, _options, _pathExists);
        if (!result.IsAccepted) return result;

        var content = new StringBuilder();
        content.Append(Header).Append('\n');
        content.Append("# Registered ").Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
            .Append(" from ").Append(sourceName.Replace('\n', ' '))
            // Each registration's content is unique, so `rules register` waits for the verdict on its own file, never
            // on an earlier one with the same rules.
            .Append(" (registration ").Append(Guid.NewGuid().ToString("N")).Append(")\n");
        foreach (var rule in result.Rules) content.Append(rule.Text).Append('\n');
        WriteAtomically(content.ToString());
        WrittenContentHash = UserRuleVerdicts.HashOf(content.ToString());
        _rules = result.Rules;
        return result;
    }

    /// <summary>Removes every registered rule (deletes the file). True when there was a file.</summary>
    public bool Remove()
    {
        _rules = [];
        if (!File.Exists(FilePath)) return false;
        File.Delete(FilePath);
        return true;
    }

    /// <summary>
    /// Calls <paramref name="changed"/> (on a thread-pool thread) whenever the file is registered, replaced or
    /// removed, so a running host can <see cref="Load"/> and apply the new set. Dispose to stop watching.
    /// </summary>
    public IDisposable WatchForChanges(Action changed)
    {
        EnsureDirectory();
        var watcher = new FileSystemWatcher(AuditDirectory, FileName)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => changed();
        watcher.Changed += (_, _) => changed();
        watcher.Deleted += (_, _) => changed();
        watcher.Renamed += (_, _) => changed();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void WriteAtomically(string content)
    {
        EnsureDirectory();
        var temporary = FilePath + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, FilePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Creates the folder of the rules file (owner-only) if it is missing.</summary>
    internal void EnsureDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(AuditDirectory);
            return;
        }
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(AuditDirectory, ownerOnly);
        File.SetUnixFileMode(AuditDirectory, ownerOnly); // also when it existed with a looser mode
    }
}
