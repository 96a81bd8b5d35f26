using System.Runtime.CompilerServices;
using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Ecs;

/// <summary>
/// The shape of the ECS documents of one event type, built once from <see cref="EcsMapping"/>: a tree of objects
/// whose leaves read Recorder fields. Writing an event walks the tree; an object is written only when one of its
/// leaves has a value, so documents hold no empty objects.
/// </summary>
internal sealed class EcsDocumentPlan
{
    // Keyed by schema instance, weakly: a plugin's own schemas go away with its collectible load context.
    private static readonly ConditionalWeakTable<EventSchema, EcsDocumentPlan> Plans = new();

    private readonly Node[] _roots;

    private EcsDocumentPlan(Node[] roots) => _roots = roots;

    public static EcsDocumentPlan For(EventSchema schema) => Plans.GetValue(schema, static s => Build(s));

    public void Write(Utf8JsonWriter writer, RecorderEvent recorderEvent, EcsHostInfo? host)
    {
        writer.WriteStartObject();
        WriteChildren(writer, _roots, recorderEvent, host);
        writer.WriteEndObject();
    }

    private static void WriteChildren(Utf8JsonWriter writer, Node[] nodes, RecorderEvent recorderEvent, EcsHostInfo? host)
    {
        foreach (var node in nodes)
        {
            if (node.Leaf is { } leaf)
            {
                leaf.Write(writer, node.Name, recorderEvent, host);
            }
            else if (HasAnyValue(node.Children, recorderEvent, host))
            {
                writer.WriteStartObject(node.Name);
                WriteChildren(writer, node.Children, recorderEvent, host);
                writer.WriteEndObject();
            }
        }
    }

    private static bool HasAnyValue(Node[] nodes, RecorderEvent recorderEvent, EcsHostInfo? host)
    {
        foreach (var node in nodes)
            if (node.Leaf is { } leaf ? leaf.IsPresent(recorderEvent, host) : HasAnyValue(node.Children, recorderEvent, host))
                return true;
        return false;
    }

    private sealed class Node(string name, EcsLeaf? leaf, Node[] children)
    {
        public JsonEncodedText Name { get; } = JsonEncodedText.Encode(name);
        public EcsLeaf? Leaf { get; } = leaf;
        public Node[] Children { get; } = children;
    }

    private static EcsDocumentPlan Build(EventSchema schema)
    {
        var root = new Draft("");
        var categorized = EcsMapping.TryGetCategorization(schema.Name, out var categorization);
        var dataset = "recorder." + schema.Name[..schema.Name.IndexOf('.')];

        // @timestamp first, as ECS documents conventionally start.
        AddField(root, schema, CommonFields.All.First(f => f.Name == "event.time"));
        root.Add("event.kind", Computed((_, _) => EcsFieldValue.Of("event")));
        if (categorized)
        {
            root.Add("event.category", Computed((_, _) => EcsFieldValue.Of(categorization.Categories)));
            root.Add("event.type", Computed((_, _) => EcsFieldValue.Of(categorization.Types)));
        }
        // event.id: the host-unique id as the keyword ECS expects (event.sequence keeps it as a number).
        root.Add("event.id", new EcsLeaf([EcsValueSource.For(schema, "event.id")], EcsConversion.NumberAsText));
        root.Add("event.module", Computed((_, _) => EcsFieldValue.Of("recorder")));
        root.Add("event.dataset", Computed((_, _) => EcsFieldValue.Of(dataset)));
        foreach (var field in CommonFields.All.Concat(schema.Fields))
            if (field.Name != "event.time") AddField(root, schema, field);

        // host.*: this machine for live events; for a replayed one only the host its log names.
        root.Add("host.name", Computed((e, h) => EcsFieldValue.Of(e.Replay is { } r ? r.HostName : h?.Name)));
        root.Add("host.id", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.Id) : default));
        root.Add("host.architecture", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.Architecture) : default));
        root.Add("host.os.type", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.OsType) : default));
        root.Add("host.os.name", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.OsName) : default));
        root.Add("host.os.version", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.OsVersion) : default));
        root.Add("host.os.kernel", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.OsKernel) : default));
        root.Add("host.os.family", Computed((e, h) => e.Replay is null ? EcsFieldValue.Of(h?.OsFamily) : default));
        root.Add("labels", new EcsLabelsLeaf());
        root.Add(EcsMapping.RecorderOnlyPrefix + "replay.log_id", Computed((e, _) => EcsFieldValue.Of(e.Replay?.LogId)));
        return new EcsDocumentPlan(root.Freeze());
    }

    private static EcsLeaf Computed(Func<RecorderEvent, EcsHostInfo?, EcsFieldValue> read) => new EcsComputedLeaf(read);

    private static void AddField(Draft root, EventSchema schema, EventField field)
    {
        var ecsName = EcsMapping.NameOf(schema.Name, field.Name);
        var (path, conversion) = Target(ecsName, field);
        var source = EcsValueSource.For(schema, field.Name);
        if (!root.AddSource(path, source, conversion))
            // A plugin's field whose name collides with another's object (a.b next to a.b.c): kept whole, by its dotted name.
            root.Child(EcsMapping.RecorderOnlyPrefix.TrimEnd('.')).AddSource(field.Name, source, conversion, splitPath: false);
    }

    /// <summary>Where a field goes and how its value changes, from the notes of the mapping table.</summary>
    private static (string Path, EcsConversion Conversion) Target(string ecsName, EventField field)
    {
        if (ecsName == "dns.answers.data") return ("dns.answers", EcsConversion.DnsAnswers);
        if (ecsName.EndsWith(".hash.sha256", StringComparison.Ordinal)) return (ecsName, EcsConversion.Sha256Hex);
        if (ecsName == "network.type") return (ecsName, EcsConversion.NetworkType);
        if (ecsName == "dns.response_code") return (ecsName, EcsConversion.DnsResponseCode);
        if (ecsName == "registry.data.strings") return (ecsName, EcsConversion.TextArray);
        var conversion = field.Name switch
        {
            "process.ancestry_path" => EcsConversion.AncestorPaths,
            "process.ancestry_cmd" => EcsConversion.AncestorCommandLines,
            "process.ancestry_user_name" => EcsConversion.AncestorUserNames,
            _ when field.Type == FieldType.Int64 && IsIdentifier(ecsName) => EcsConversion.NumberAsText,
            _ => EcsConversion.None,
        };
        return (ecsName, conversion);
    }

    // ECS keeps user, group and owner ids as keywords; Recorder's own fields keep their numbers.
    private static bool IsIdentifier(string ecsName) =>
        !ecsName.StartsWith(EcsMapping.RecorderOnlyPrefix, StringComparison.Ordinal)
        && (ecsName.EndsWith(".id", StringComparison.Ordinal) || ecsName is "file.uid" or "file.gid");

    /// <summary>The tree while it is being built: children in insertion order, leaves with their sources.</summary>
    private sealed class Draft(string name)
    {
        private readonly List<Draft> _children = [];
        private readonly List<EcsValueSource> _sources = [];
        private EcsConversion _conversion;
        private EcsLeaf? _fixed;

        private bool IsLeaf => _fixed is not null || _sources.Count > 0;

        public Draft Child(string childName)
        {
            foreach (var child in _children)
                if (child.Name == childName) return child;
            var created = new Draft(childName);
            _children.Add(created);
            return created;
        }

        private string Name { get; } = name;

        /// <summary>Adds a computed leaf (built-in paths only: a clash is a bug here, not in a plugin).</summary>
        public void Add(string path, EcsLeaf leaf)
        {
            var node = Walk(path, splitPath: true) ?? throw new InvalidOperationException($"ECS path '{path}' collides with another.");
            if (node.IsLeaf || node._children.Count > 0) throw new InvalidOperationException($"ECS path '{path}' is added twice.");
            node._fixed = leaf;
        }

        /// <summary>Adds a field's source to the leaf at <paramref name="path"/>; false when the path collides with an object or leaf.</summary>
        public bool AddSource(string path, EcsValueSource source, EcsConversion conversion, bool splitPath = true)
        {
            var node = Walk(path, splitPath);
            if (node is null || node._fixed is not null || node._children.Count > 0) return false;
            // Several Recorder fields may fill one ECS field (uid on Linux, SID on Windows): the first present wins.
            // Each conversion applies to one kind of value (a number as text, a hash's text), so one leaf can hold
            // a number source and a text source; two different conversions cannot share it.
            if (node._sources.Count > 0 && conversion != EcsConversion.None && node._conversion != EcsConversion.None && node._conversion != conversion)
                return false;
            node._sources.Add(source);
            if (conversion != EcsConversion.None) node._conversion = conversion;
            return true;
        }

        private Draft? Walk(string path, bool splitPath)
        {
            var node = this;
            foreach (var segment in splitPath ? path.Split('.') : [path])
            {
                if (node.IsLeaf) return null;
                node = node.Child(segment);
            }
            return node;
        }

        public Node[] Freeze() => _children.Select(c => c.IsLeaf
                ? new Node(c.Name, c._fixed ?? new EcsLeaf([.. c._sources], c._conversion), [])
                : new Node(c.Name, null, c.Freeze()))
            .ToArray();
    }
}
