using System.Globalization;
using System.Reflection;
using System.Text;
using Recorder.Contracts.Plugins;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Recorder.Host.Configuration;

/// <summary>
/// Plugin options read from a YAML mapping (a sink's <c>options:</c>, a plugin's settings in the host
/// configuration). <see cref="Bind{T}"/> accepts <c>max_age_days</c>, <c>maxAgeDays</c> and <c>MaxAgeDays</c>
/// for a property <c>MaxAgeDays</c>; an unknown key or a value of the wrong type is a
/// <see cref="PluginOptionsException"/> that names the key and its <c>file:line:column</c>.
/// </summary>
public sealed class YamlPluginOptions : IPluginOptions
{
    // A deserializer caches what it learns about every type it binds. Plugin option types live in collectible
    // load contexts, so one shared deserializer would keep every old plugin version alive after a hot reload:
    // build one per bind instead (binding happens once per start, so the cost does not matter).
    private static IDeserializer NewDeserializer() => new DeserializerBuilder()
        .WithNamingConvention(NullNamingConvention.Instance) // keys are rewritten to exact property names first
        .Build();

    /// <summary>
    /// Most values an options mapping may hold, counting every use of a YAML alias: aliases can nest so that a
    /// few lines stand for billions of values ("billion laughs").
    /// </summary>
    public const int MaxValues = 10_000;

    private readonly YamlMappingNode? _node;
    private readonly string _file;

    private YamlPluginOptions(YamlMappingNode? node, string file, string source)
    {
        _node = node;
        _file = file;
        Source = source;
        Values = ReadScalars(node);
        CanonicalText = node is null ? "{}" : Canonical(node, file);
    }

    /// <summary>Options with no keys; binding gives a default <typeparamref name="T"/>.</summary>
    /// <param name="source">Where they would have come from, shown in errors.</param>
    public static YamlPluginOptions Empty(string source) => new(null, source, source);

    /// <summary>
    /// Options from a YAML node: a mapping, or null / an empty scalar for none.
    /// <see cref="Source"/> becomes <c><paramref name="file"/>:line</c> of the node.
    /// </summary>
    /// <param name="node">The <c>options:</c> mapping.</param>
    /// <param name="file">The file it was read from (or another name for the source).</param>
    /// <exception cref="PluginOptionsException">The node is a sequence or a non-empty scalar.</exception>
    public static YamlPluginOptions FromNode(YamlNode? node, string file)
    {
        switch (node)
        {
            case null:
                return Empty(file);
            case YamlMappingNode mapping:
                return new YamlPluginOptions(mapping, file, $"{file}:{mapping.Start.Line}");
            case YamlScalarNode scalar when string.IsNullOrEmpty(scalar.Value) || scalar.Value == "~":
                return new YamlPluginOptions(null, file, $"{file}:{scalar.Start.Line}");
            default:
                throw new PluginOptionsException("options",
                    $"expected a mapping of option names to values at {file}:{node.Start.Line}:{node.Start.Column}");
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> Values { get; }

    /// <inheritdoc />
    public string Source { get; }

    /// <summary>
    /// The options as canonical text: keys normalised (<c>max_age_days</c> = <c>maxAgeDays</c>) and sorted,
    /// values as written. Equal text means equal options; used to share one sink between subscriptions.
    /// </summary>
    public string CanonicalText { get; }

    /// <inheritdoc />
    public T Bind<T>() where T : class, new()
    {
        if (_node is null) return new T();
        var keyPaths = new Dictionary<Mark, string>();
        var events = new List<ParsingEvent>();
        EmitForType(_node, typeof(T), "", events, keyPaths);
        try
        {
            return NewDeserializer().Deserialize<T>(new EventListParser(events)) ?? new T();
        }
        catch (YamlException ex)
        {
            var key = keyPaths.TryGetValue(ex.Start, out var path) ? path : "options";
            var reason = (ex.InnerException ?? ex).Message;
            throw new PluginOptionsException(key, $"invalid value at {_file}:{ex.Start.Line}:{ex.Start.Column} ({reason})");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source} {CanonicalText}";

    // Walks the node alongside the target type, rewriting mapping keys to exact property names (so the
    // deserializer needs one naming convention) and rejecting unknown keys with their position.
    private void EmitForType(YamlNode node, Type type, string path, List<ParsingEvent> events, Dictionary<Mark, string> keyPaths)
    {
        keyPaths.TryAdd(node.Start, path.Length == 0 ? "options" : path);
        var target = Nullable.GetUnderlyingType(type) ?? type;
        switch (node)
        {
            case YamlMappingNode mapping when IsBindableObject(target):
                events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Any, mapping.Start, mapping.End));
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    var keyPath = path.Length == 0 ? key : path + "." + key;
                    var property = FindProperty(target, key)
                        ?? throw new PluginOptionsException(keyPath,
                            $"unknown option at {_file}:{keyNode.Start.Line}:{keyNode.Start.Column}; known options: {KnownOptions(target)}");
                    events.Add(new Scalar(AnchorName.Empty, TagName.Empty, property.Name, ScalarStyle.Plain, true, false, keyNode.Start, keyNode.End));
                    EmitForType(valueNode, property.PropertyType, keyPath, events, keyPaths);
                }
                events.Add(new MappingEnd(mapping.End, mapping.End));
                break;
            case YamlMappingNode mapping:
                var valueType = DictionaryValueType(target);
                events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Any, mapping.Start, mapping.End));
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    EmitForType(keyNode, typeof(string), path, events, keyPaths);
                    EmitForType(valueNode, valueType, path.Length == 0 ? key : path + "." + key, events, keyPaths);
                }
                events.Add(new MappingEnd(mapping.End, mapping.End));
                break;
            case YamlSequenceNode sequence:
                var elementType = ElementType(target);
                events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Any, sequence.Start, sequence.End));
                var index = 0;
                foreach (var item in sequence.Children)
                    EmitForType(item, elementType, $"{path}[{index++}]", events, keyPaths);
                events.Add(new SequenceEnd(sequence.End, sequence.End));
                break;
            case YamlScalarNode scalar:
                events.Add(new Scalar(AnchorName.Empty, scalar.Tag, scalar.Value ?? "", scalar.Style,
                    scalar.Style == ScalarStyle.Plain, scalar.Style != ScalarStyle.Plain, scalar.Start, scalar.End));
                break;
            default:
                throw new PluginOptionsException(path, $"unsupported YAML node at {_file}:{node.Start.Line}:{node.Start.Column}");
        }
    }

    private static bool IsBindableObject(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(object) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static Type DictionaryValueType(Type type)
    {
        foreach (var i in type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces())
            if (i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
                return i.GetGenericArguments()[1];
        return typeof(object);
    }

    private static Type ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType()!;
        foreach (var i in type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces())
            if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                return i.GetGenericArguments()[0];
        return typeof(object);
    }

    private static IEnumerable<PropertyInfo> WritableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0);

    // Exact name first, then snake_case / camelCase: both compare equal once underscores go and case folds.
    private static PropertyInfo? FindProperty(Type type, string key)
    {
        PropertyInfo? loose = null;
        var normalized = NormalizeKey(key);
        foreach (var property in WritableProperties(type))
        {
            if (property.Name == key) return property;
            if (loose is null && NormalizeKey(property.Name) == normalized) loose = property;
        }
        return loose;
    }

    private static string KnownOptions(Type type) =>
        string.Join(", ", WritableProperties(type).Select(p => UnderscoredNamingConvention.Instance.Apply(p.Name)));

    /// <summary>The form two spellings of one key share: no underscores or dashes, lower case.</summary>
    internal static string NormalizeKey(string key) =>
        key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static IReadOnlyDictionary<string, string?> ReadScalars(YamlMappingNode? node)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (node is null) return values;
        foreach (var (key, value) in node.Children)
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode scalar)
                values[name] = scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "" ? null : scalar.Value;
        return values;
    }

    private static string Canonical(YamlNode node, string file)
    {
        var text = new StringBuilder();
        var budget = MaxValues;
        AppendCanonical(node, text, ref budget);
        if (budget < 0)
            throw new PluginOptionsException("options", $"more than {MaxValues} values (counting each use of an alias) at {file}:{node.Start.Line}:{node.Start.Column}");
        return text.ToString();
    }

    private static void AppendCanonical(YamlNode node, StringBuilder text, ref int budget)
    {
        if (--budget < 0) return;
        switch (node)
        {
            case YamlScalarNode scalar:
                AppendQuoted(scalar.Value ?? "", text);
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                var first = true;
                foreach (var item in sequence.Children)
                {
                    if (!first) text.Append(',');
                    first = false;
                    AppendCanonical(item, text, ref budget);
                }
                text.Append(']');
                break;
            case YamlMappingNode mapping:
                text.Append('{');
                var entries = mapping.Children
                    .Select(c => (Key: NormalizeKey((c.Key as YamlScalarNode)?.Value ?? ""), Value: c.Value))
                    .OrderBy(c => c.Key, StringComparer.Ordinal);
                var firstEntry = true;
                foreach (var (key, value) in entries)
                {
                    if (!firstEntry) text.Append(',');
                    firstEntry = false;
                    AppendQuoted(key, text);
                    text.Append(':');
                    AppendCanonical(value, text, ref budget);
                }
                text.Append('}');
                break;
        }
    }

    private static void AppendQuoted(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') text.Append('\\');
            if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else text.Append(c);
        }
        text.Append('"');
    }

    /// <summary>Feeds a prepared list of parsing events to the deserializer, keeping the original marks.</summary>
    private sealed class EventListParser : IParser
    {
        private readonly List<ParsingEvent> _events;
        private int _index = -1;

        public EventListParser(List<ParsingEvent> events) => _events = events;

        public ParsingEvent? Current => _index >= 0 && _index < _events.Count ? _events[_index] : null;

        public bool MoveNext() => ++_index < _events.Count;
    }
}
