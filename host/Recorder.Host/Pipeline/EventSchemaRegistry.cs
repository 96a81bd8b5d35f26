using System.Collections.Immutable;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Host.Pipeline;

/// <summary>
/// Every event schema the host knows: the built-in ones and those declared by loaded collectors. Readers
/// see an immutable snapshot; registering swaps it.
/// </summary>
public sealed class EventSchemaRegistry : IEventSchemaRegistry
{
    private ImmutableDictionary<string, EventSchema> _schemas;

    /// <summary>Creates a registry holding the built-in schemas.</summary>
    public EventSchemaRegistry()
    {
        _schemas = EventSchemas.All.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public bool TryGet(string typeName, out EventSchema schema) => _schemas.TryGetValue(typeName, out schema!);

    /// <inheritdoc />
    public IReadOnlyCollection<EventSchema> All => _schemas.Values.ToArray();

    /// <summary>
    /// Adds schemas a collector declares. A name already known with different fields is refused (two plugins
    /// may not define one type two ways): returns the conflicts so the host can report them.
    /// </summary>
    public IReadOnlyList<string> Register(IEnumerable<EventSchema> schemas)
    {
        var conflicts = new List<string>();
        ImmutableInterlocked.Update(ref _schemas, current =>
        {
            conflicts.Clear();
            var builder = current.ToBuilder();
            foreach (var schema in schemas)
            {
                if (builder.TryGetValue(schema.Name, out var known))
                {
                    if (!SameShape(known, schema)) conflicts.Add(schema.Name);
                    continue;
                }
                builder[schema.Name] = schema;
            }
            return builder.ToImmutable();
        });
        return conflicts;
    }

    private static bool SameShape(EventSchema a, EventSchema b) =>
        a.Fields.Count == b.Fields.Count &&
        a.Fields.Zip(b.Fields).All(p => p.First.Name == p.Second.Name && p.First.Type == p.Second.Type);
}
