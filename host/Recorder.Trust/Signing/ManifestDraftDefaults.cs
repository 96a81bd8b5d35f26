namespace Recorder.Trust;

/// <summary>Values given on the command line for a draft; any left null is filled in by <see cref="ManifestDraftDefaults"/>.</summary>
public sealed record ManifestDraftOverrides
{
    public string? Id { get; init; }
    public string? Version { get; init; }
    public ulong? Sequence { get; init; }
    public IReadOnlyList<PluginKind>? Kinds { get; init; }
    public IReadOnlyList<PluginOperatingSystem>? OperatingSystems { get; init; }
    public string? EntryAssembly { get; init; }
    public Version? ContractsVersion { get; init; }
}

/// <summary>
/// Completes a draft for a folder from what is already there, so re-signing a plugin needs only the key:
/// values given explicitly win; then the folder's current manifest (its sequence plus one, at least now's timestamp);
/// then what the files tell (the entry assembly beside the one <c>*.deps.json</c>, the contracts version it references,
/// the kind from an id such as <c>acme.sinks.x</c>).
/// </summary>
public static class ManifestDraftDefaults
{
    public static ManifestDraft Complete(string directory, ManifestDraftOverrides given, DateTime utcNow)
    {
        var existing = TryReadExisting(directory);

        var id = given.Id ?? existing?.Id ?? throw new PluginSigningException($"{directory}: no manifest.json to take the id from; give --id");
        var version = given.Version ?? existing?.Version ?? throw new PluginSigningException($"{directory}: no manifest.json to take the version from; give --version");

        var timestamp = ManifestDraft.TimestampSequence(utcNow);
        var sequence = given.Sequence ?? (existing is null ? timestamp : Math.Max(existing.Sequence + 1, timestamp));

        var kinds = given.Kinds is { Count: > 0 } ? given.Kinds
            : existing?.Kinds ?? KindFromId(id) ?? throw new PluginSigningException($"cannot tell the kind of '{id}'; give --kind collector|enricher|sink");

        var operatingSystems = given.OperatingSystems is { Count: > 0 } ? given.OperatingSystems
            : existing?.OperatingSystems ?? [PluginOperatingSystem.Any];

        var entry = given.EntryAssembly ?? existing?.EntryAssembly ?? GuessEntryAssembly(directory);

        var entryPath = Path.Combine(directory, entry);
        var contracts = given.ContractsVersion
            ?? (File.Exists(entryPath) ? ContractsReference.Find(entryPath) : null)
            ?? existing?.ContractsVersion
            ?? throw new PluginSigningException($"{entryPath}: does not reference {ContractsReference.ContractsAssemblyName}; give --contracts");

        return new ManifestDraft
        {
            Id = id,
            Version = version,
            Sequence = sequence,
            Kinds = kinds,
            OperatingSystems = operatingSystems,
            EntryAssembly = entry,
            ContractsVersion = contracts,
        };
    }

    /// <summary><c>x.collectors.y</c> → collector, <c>x.enrichers.y</c> → enricher, <c>x.sinks.y</c> → sink.</summary>
    public static IReadOnlyList<PluginKind>? KindFromId(string id)
    {
        var segments = id.Split('.');
        if (segments.Length < 3) return null;
        return segments[1] switch
        {
            "collectors" => [PluginKind.Collector],
            "enrichers" => [PluginKind.Enricher],
            "sinks" => [PluginKind.Sink],
            _ => null,
        };
    }

    private static PluginManifest? TryReadExisting(string directory)
    {
        var path = Path.Combine(directory, ManifestRules.ManifestFileName);
        if (!File.Exists(path)) return null;
        try
        {
            return PluginManifestReader.Parse(File.ReadAllBytes(path), path);
        }
        catch (ManifestFormatException)
        {
            return null; // It is about to be replaced; values then have to come from the command line.
        }
    }

    private static string GuessEntryAssembly(string directory)
    {
        var deps = Directory.GetFiles(directory, "*.deps.json");
        if (deps.Length == 1) return Path.GetFileName(deps[0])[..^".deps.json".Length] + ".dll";
        var dlls = Directory.GetFiles(directory, "*.dll");
        if (dlls.Length == 1) return Path.GetFileName(dlls[0]);
        throw new PluginSigningException($"{directory}: cannot tell which assembly is the entry; give --entry <file.dll>");
    }
}
