using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Enrichers.Process.Paths;

/// <summary>
/// File events: <c>file.path</c> made absolute against the process's working directory and cleaned of
/// <c>.</c>/<c>..</c> (the path as the process used it), and <c>file.target_path</c> set to the path with
/// symlinks resolved when that differs. Also cleans <c>file.old_path</c>, <c>image.path</c>, <c>driver.path</c>
/// and the process's executable and working directory when they are relative or unclean.
/// </summary>
[Enricher("paths", Order = 300)]
public sealed class PathEnricher : IEnricher
{
    private IPluginCounter? _unresolved;
    private ResolvedPathCache _resolved = new(0);

    /// <inheritdoc />
    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        _unresolved = services.Diagnostics.Counter("paths_unresolved");
        _resolved = new ResolvedPathCache(ProcessEnricherOptions.From(services).PathCacheMilliseconds);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Enrich(RecorderEvent recorderEvent)
    {
        var p = recorderEvent.Process;
        var cwd = p.WorkingDirectory;
        if (p.Executable is { } exe) p.Executable = PathNormalizer.MakeAbsolute(exe, cwd);

        var fields = FieldsOf(recorderEvent.Schema);
        if (fields.Path is { } pathField && recorderEvent[pathField] is string path && path.Length > 0)
        {
            var asUsed = PathNormalizer.MakeAbsolute(path, cwd);
            recorderEvent[pathField] = asUsed;
            // A replayed event's files are as they were then, perhaps on another machine: never resolved here.
            if (fields.Target is { } targetField && recorderEvent[targetField] is null && asUsed[0] == '/' && recorderEvent.Replay is null)
            {
                // Resolve the raw absolute path: the kernel follows a symlink before applying "..".
                var raw = path[0] == '/' ? path : cwd + "/" + path;
                var resolved = _resolved.Resolve(raw);
                if (resolved is null) _unresolved?.Increment();
                else if (!string.Equals(resolved, asUsed, StringComparison.Ordinal)) recorderEvent[targetField] = resolved;
            }
            if (fields.OldPath is { } oldField && recorderEvent[oldField] is string old)
                recorderEvent[oldField] = PathNormalizer.MakeAbsolute(old, cwd);
        }
        if (fields.ModulePath is { } moduleField && recorderEvent[moduleField] is string module)
            recorderEvent[moduleField] = PathNormalizer.MakeAbsolute(module, cwd);
    }

    private SchemaFields FieldsOf(EventSchema schema)
    {
        // One lookup by reference per event instead of one by name per field.
        if (ReferenceEquals(schema, _lastSchema)) return _lastFields;
        if (!_bySchema.TryGetValue(schema, out var fields))
        {
            fields = new SchemaFields(Find(schema, "file.path"), Find(schema, "file.target_path"), Find(schema, "file.old_path"),
                Find(schema, "image.path") ?? Find(schema, "driver.path"));
            _bySchema[schema] = fields;
        }
        _lastSchema = schema;
        _lastFields = fields;
        return fields;
    }

    private static EventField? Find(EventSchema schema, string name) => schema.TryGetField(name, out var f) ? f : null;

    private readonly Dictionary<EventSchema, SchemaFields> _bySchema = new(ReferenceEqualityComparer.Instance);
    private EventSchema? _lastSchema;
    private SchemaFields _lastFields = new(null, null, null, null);

    private sealed record SchemaFields(EventField? Path, EventField? Target, EventField? OldPath, EventField? ModulePath);
}
