using Recorder.Contracts.Plugins;

namespace Recorder.Host.Subscriptions;

/// <summary>
/// Every subscription file of the recorder, loaded from the shipped folder and the local folder, checked, and
/// reduced to the subscriptions that are active. Immutable: the host loads a new set when the folders change
/// (<see cref="SubscriptionDirectoryWatcher"/>) and re-wires the pipeline from it.
/// </summary>
/// <remarks>
/// Files are read in folder order, then by file name (ordinal). A module may be defined once per folder; a
/// module of the same name in a later folder replaces the earlier one, so an operator overrides or disables
/// (<c>subscriptions: []</c>) a shipped module from the local folder without editing shipped files.
/// </remarks>
public sealed class SubscriptionSet
{
    private SubscriptionSet(IReadOnlyList<SubscriptionFile> files, IReadOnlyList<Subscription> active, IReadOnlyList<SubscriptionError> errors)
    {
        Files = files;
        Active = active;
        Errors = errors;
    }

    /// <summary>A set with no subscriptions.</summary>
    public static SubscriptionSet Empty { get; } = new([], [], []);

    /// <summary>Every file read, with its own subscriptions and errors.</summary>
    public IReadOnlyList<SubscriptionFile> Files { get; }

    /// <summary>The valid, enabled subscriptions of the modules in effect.</summary>
    public IReadOnlyList<Subscription> Active { get; }

    /// <summary>Every error of every file, in reading order.</summary>
    public IReadOnlyList<SubscriptionError> Errors { get; }

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file of the folders (not their subfolders). A folder that
    /// does not exist holds nothing (the local folder is often absent). Never throws for bad files.
    /// </summary>
    /// <param name="directories">The folders, in load order.</param>
    /// <param name="schemas">Known event types.</param>
    /// <param name="sinkExists">Whether a sink name is provided by a loaded plugin.</param>
    /// <param name="trust">
    /// Why a folder or file cannot be trusted (<see cref="SubscriptionTrust"/>), or null to read every folder: a refused
    /// folder or file is not read, and the refusal is one of the set's errors.
    /// </param>
    /// <param name="lastGood">
    /// The last version without errors of each file (a running host's memory): a file that now has errors keeps that
    /// version's subscriptions, with the new errors reported.
    /// </param>
    public static SubscriptionSet Load(IEnumerable<string> directories, IEventSchemaRegistry schemas, Func<string, bool> sinkExists,
        SubscriptionTrust? trust = null, IReadOnlyDictionary<string, SubscriptionFile>? lastGood = null)
    {
        var parser = new SubscriptionParser(schemas, sinkExists);
        var groups = new List<IReadOnlyList<SubscriptionFile>>();
        var refusals = new List<SubscriptionError>();
        foreach (var directory in directories)
        {
            if (trust is not null && Directory.Exists(directory) && trust.FolderProblem(directory) is { } folderProblem)
            {
                refusals.Add(new SubscriptionError(directory, 0, 0, $"subscription folder refused: {folderProblem}; none of its files is read"));
                continue;
            }
            var files = new List<SubscriptionFile>();
            foreach (var path in FilesOf(directory))
            {
                if (trust is not null && trust.EntryProblem(path) is { } fileProblem)
                {
                    refusals.Add(new SubscriptionError(path, 0, 0, $"subscription file refused: {fileProblem}; it is not read"));
                    continue;
                }
                var file = parser.ParseFile(path);
                if (!file.IsValid && lastGood is not null && lastGood.TryGetValue(path, out var good))
                    file = good with { Errors = [.. file.Errors, new SubscriptionError(path, 0, 0, "the last version without errors keeps running until this file is fixed")] };
                files.Add(file);
            }
            groups.Add(files);
        }
        var set = FromFolders(groups);
        return refusals.Count == 0 ? set : new SubscriptionSet(set.Files, set.Active, [.. refusals, .. set.Errors]);
    }

    /// <summary>Builds a set from files parsed elsewhere, as if they all came from one folder.</summary>
    public static SubscriptionSet FromFiles(IEnumerable<SubscriptionFile> files) => FromFolders([files.ToArray()]);

    /// <summary>The subscription files of a folder, in load order; empty when it does not exist.</summary>
    public static IReadOnlyList<string> FilesOf(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        var files = Directory.EnumerateFiles(directory)
            .Where(IsSubscriptionFile)
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>True for the names the recorder reads: <c>*.yaml</c> and <c>*.yml</c>, not hidden files.</summary>
    public static bool IsSubscriptionFile(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') &&
               (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The concrete event types that some active subscription wants: what collectors must be asked for.
    /// Wildcards expand against <paramref name="schemas"/> as it is now.
    /// </summary>
    public IReadOnlySet<string> WantedTypes(IEventSchemaRegistry schemas)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas.All)
        {
            foreach (var subscription in Active)
            {
                if (!subscription.WantsType(schema.Name) || subscription.Filter.NeverMatches(schema)) continue;
                wanted.Add(schema.Name);
                break;
            }
        }
        return wanted;
    }

    private static SubscriptionSet FromFolders(IReadOnlyList<IReadOnlyList<SubscriptionFile>> folders)
    {
        var files = new List<SubscriptionFile>();
        var errors = new List<SubscriptionError>();
        var modules = new Dictionary<string, SubscriptionFile>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var folder in folders)
        {
            var inThisFolder = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parsed in folder)
            {
                var file = parsed;
                if (file.Module is { } module && inThisFolder.TryGetValue(module, out var first))
                {
                    file = file with
                    {
                        Subscriptions = [],
                        Errors = [.. file.Errors, new SubscriptionError(file.Path, 1, 1, $"module '{module}' is already defined by {first}; this file is ignored")],
                    };
                }
                else if (file.Module is { } name)
                {
                    inThisFolder[name] = file.Path;
                    if (!modules.ContainsKey(name)) order.Add(name);
                    modules[name] = file; // a later folder overrides
                }
                files.Add(file);
                errors.AddRange(file.Errors);
            }
        }
        var active = new List<Subscription>();
        foreach (var module in order)
            foreach (var subscription in modules[module].Subscriptions)
                if (subscription.Enabled) active.Add(subscription);
        return new SubscriptionSet(files, active, errors);
    }
}
