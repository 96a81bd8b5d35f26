using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;
using Recorder.Host.Subscriptions.Filters;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Subscriptions;

/// <summary>
/// Reads subscription files (see <c>docs/subscriptions.md</c>) and checks them against the event schemas and
/// sinks the host knows. Never throws for bad input: every problem becomes a <see cref="SubscriptionError"/>
/// at its file, line and column. A subscription with an error is left out and the file's other
/// subscriptions are kept; an error in the file's top level (invalid YAML, no module) leaves the file out.
/// </summary>
public sealed class SubscriptionParser
{
    private static readonly string[] FileKeys = ["module", "description", "subscriptions"];
    private static readonly string[] SubscriptionKeys = ["name", "description", "enabled", "events", "sink", "include", "exclude"];
    private static readonly string[] SinkKeys = ["name", "options"];

    private readonly IEventSchemaRegistry _schemas;
    private readonly Func<string, bool> _sinkExists;

    /// <summary>Creates a parser that validates against these schemas and sink names.</summary>
    /// <param name="schemas">Every event type the host knows.</param>
    /// <param name="sinkExists">True when a loaded plugin exports a sink of that name.</param>
    public SubscriptionParser(IEventSchemaRegistry schemas, Func<string, bool> sinkExists)
    {
        _schemas = schemas;
        _sinkExists = sinkExists;
    }

    /// <summary>Reads and parses a file; an unreadable file is an error at line 0.</summary>
    public SubscriptionFile ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SubscriptionFile(path, null, [], [new SubscriptionError(path, 0, 0, $"cannot read the file: {ex.Message}")]);
        }
        return ParseText(text, path);
    }

    /// <summary>Parses YAML text; <paramref name="sourceName"/> is the file name used in errors and locations.</summary>
    public SubscriptionFile ParseText(string yaml, string sourceName)
    {
        var errors = new ErrorList(sourceName);
        var stream = new YamlStream();
        var parser = new PositionTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            // YamlDotNet puts tab-indentation errors at the start of the enclosing mapping: find the tab itself.
            if (FirstTabIndentation(yaml) is { } tab) errors.Add(tab.Line, tab.Column, "invalid YAML: a tab indents this line; YAML indents with spaces only");
            else errors.Add(ex.Start, $"invalid YAML: {(ex.InnerException ?? ex).Message}");
            return new SubscriptionFile(sourceName, null, [], errors.Errors);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet occasionally fails without a position (an unclosed '[' before a new line): point at
            // the end of the last thing it read, which is where the text stops making sense.
            errors.Add(parser.LastEnd, "invalid YAML: cannot make sense of what follows here (an unclosed '[' or '{'?)");
            return new SubscriptionFile(sourceName, null, [], errors.Errors);
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, "a subscription file holds one module (one YAML document); split it into several files");
            return new SubscriptionFile(sourceName, null, [], errors.Errors);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode root0 && YamlNodes.IsNull(root0))
        {
            errors.Add(1, 1, "the file is empty; a subscription file needs 'module:' and 'subscriptions:'");
            return new SubscriptionFile(sourceName, null, [], errors.Errors);
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(stream.Documents[0].RootNode, $"a subscription file is a mapping with 'module:' and 'subscriptions:', not {YamlNodes.Describe(stream.Documents[0].RootNode)}");
            return new SubscriptionFile(sourceName, null, [], errors.Errors);
        }
        return ParseModule(root, sourceName, errors);
    }

    private SubscriptionFile ParseModule(YamlMappingNode root, string file, ErrorList errors)
    {
        string? module = null;
        YamlNode? list = null;
        foreach (var (key, keyNode, value) in YamlNodes.Entries(root, errors))
        {
            switch (key)
            {
                case "module":
                    module = YamlNodes.Text(value, "module", errors);
                    if (module is not null && !YamlNodes.IsValidName(module))
                    {
                        errors.Add(value, $"module name '{module}' may hold only letters, digits, '-', '_' and '.'");
                        module = null;
                    }
                    break;
                case "description":
                    YamlNodes.Text(value, "description", errors);
                    break;
                case "subscriptions":
                    list = value;
                    break;
                default:
                    errors.Add(keyNode, YamlNodes.UnknownKey(key, FileKeys));
                    break;
            }
        }
        if (module is null)
        {
            if (!root.Children.ContainsKey(new YamlScalarNode("module"))) errors.Add(root, "missing 'module:', the name of the module this file belongs to");
            return new SubscriptionFile(file, null, [], errors.Errors);
        }
        // Top-level mistakes other than the module leave the file out too: they make its intent unclear.
        if (errors.Count > 0) return new SubscriptionFile(file, module, [], errors.Errors);

        var subscriptions = new List<Subscription>();
        switch (list)
        {
            case null:
                errors.Add(root, "missing 'subscriptions:', the list of this module's subscriptions");
                break;
            case YamlScalarNode empty when YamlNodes.IsNull(empty):
                break; // `subscriptions:` with nothing: a module that subscribes to nothing (disables a shipped one)
            case YamlSequenceNode sequence:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlMappingNode mapping)
                    {
                        errors.Add(item, $"each subscription must be a mapping with name, events and sink, not {YamlNodes.Describe(item)}");
                        continue;
                    }
                    var subscription = ParseSubscription(mapping, module, file, errors, names);
                    if (subscription is not null) subscriptions.Add(subscription);
                }
                break;
            default:
                errors.Add(list, $"'subscriptions' must be a list, not {YamlNodes.Describe(list)}");
                break;
        }
        return new SubscriptionFile(file, module, subscriptions, errors.Errors);
    }

    private Subscription? ParseSubscription(YamlMappingNode node, string module, string file, ErrorList errors, HashSet<string> names)
    {
        var errorsBefore = errors.Count;
        string? name = null, description = null;
        var enabled = true;
        YamlNode? events = null, sink = null, include = null, exclude = null;
        foreach (var (key, keyNode, value) in YamlNodes.Entries(node, errors))
        {
            switch (key)
            {
                case "name":
                    name = YamlNodes.Text(value, "name", errors);
                    if (name is not null && !YamlNodes.IsValidName(name))
                        errors.Add(value, $"subscription name '{name}' may hold only letters, digits, '-', '_' and '.'");
                    else if (name is not null && !names.Add(name))
                        errors.Add(value, $"another subscription in this file is already named '{name}'");
                    break;
                case "description": description = YamlNodes.Text(value, "description", errors); break;
                case "enabled": enabled = YamlNodes.Boolean(value, "enabled", errors) ?? true; break;
                case "events": events = value; break;
                case "sink": sink = value; break;
                case "include": include = value; break;
                case "exclude": exclude = value; break;
                default: errors.Add(keyNode, YamlNodes.UnknownKey(key, SubscriptionKeys)); break;
            }
        }
        if (name is null && !node.Children.ContainsKey(new YamlScalarNode("name"))) errors.Add(node, "missing 'name:' of the subscription");
        if (events is null) errors.Add(node, "missing 'events:', the event types to subscribe to (such as [process.start, file.*])");
        if (sink is null) errors.Add(node, "missing 'sink:', where the events go (such as 'sink: { name: sqlite, options: { path: recorder.db } }')");

        var errorsBeforePatterns = errors.Count;
        var (patterns, patternMap) = events is null ? ([], []) : ParsePatterns(events, errors);
        var patternsComplete = events is not null && errors.Count == errorsBeforePatterns;
        var matchedTypes = _schemas.All.Where(s => patterns.Any(p => p.Matches(s.Name))).ToArray();
        var (sinkName, sinkNameAt, options) = sink is null ? (null, (0, 0), null) : ParseSink(sink, file, errors);

        var compiler = new FilterCompiler(matchedTypes, errors, patternsComplete);
        var includeFilters = include is null || include is YamlScalarNode s1 && YamlNodes.IsNull(s1) ? null : compiler.CompileFilters(include, "include");
        var excludeFilters = exclude is null || exclude is YamlScalarNode s2 && YamlNodes.IsNull(s2) ? [] : compiler.CompileFilters(exclude, "exclude");

        if (errors.Count > errorsBefore || name is null || sinkName is null || options is null) return null;
        return new Subscription(module, name, file, (int)node.Start.Line, (int)node.Start.Column, enabled, description,
            patterns, sinkName, options, options.CanonicalText, new EventFilter(includeFilters, excludeFilters),
            new SubscriptionSourceMap(patternMap, sinkNameAt, compiler.SpecificFields));
    }

    private (List<EventTypePattern>, List<(string, int, int)>) ParsePatterns(YamlNode node, ErrorList errors)
    {
        var patterns = new List<EventTypePattern>();
        var positions = new List<(string, int, int)>();
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        if (node is YamlSequenceNode { Children.Count: 0 }) errors.Add(node, "'events' needs at least one event type");
        foreach (var item in items)
        {
            var text = YamlNodes.Text(item, "an event type", errors);
            if (text is null) continue;
            if (SubscriptionChecks.CheckPattern(text, _schemas) is { } problem)
            {
                errors.Add(item, problem);
                continue;
            }
            patterns.Add(new EventTypePattern(text));
            positions.Add((text, (int)item.Start.Line, (int)item.Start.Column));
        }
        return (patterns, positions);
    }

    // `sink: journal` or `sink: { name: sqlite, options: { ... } }`.
    private (string?, (int, int), YamlPluginOptions?) ParseSink(YamlNode node, string file, ErrorList errors)
    {
        YamlNode? nameNode = null, optionsNode = null;
        switch (node)
        {
            case YamlScalarNode:
                nameNode = node;
                break;
            case YamlMappingNode mapping:
                foreach (var (key, keyNode, value) in YamlNodes.Entries(mapping, errors))
                {
                    if (key == "name") nameNode = value;
                    else if (key == "options") optionsNode = value;
                    else errors.Add(keyNode, YamlNodes.UnknownKey(key, SinkKeys));
                }
                if (nameNode is null) errors.Add(mapping, "missing 'name:' of the sink (such as sqlite or journal)");
                break;
            default:
                errors.Add(node, $"'sink' must be a sink name or a mapping with name and options, not {YamlNodes.Describe(node)}");
                break;
        }
        var name = nameNode is null ? null : YamlNodes.Text(nameNode, "the sink name", errors);
        if (name is not null && SubscriptionChecks.CheckSink(name, _sinkExists) is { } problem)
        {
            errors.Add(nameNode!, problem);
            name = null;
        }

        YamlPluginOptions? options = null;
        if (optionsNode is null or YamlMappingNode || optionsNode is YamlScalarNode scalar && YamlNodes.IsNull(scalar))
        {
            try
            {
                options = YamlPluginOptions.FromNode(optionsNode, file);
            }
            catch (PluginOptionsException ex)
            {
                errors.Add(optionsNode!, ex.Message);
            }
        }
        else
            errors.Add(optionsNode, $"the sink's 'options' must be a mapping of option names to values, not {YamlNodes.Describe(optionsNode)}");
        var at = nameNode is null ? (0, 0) : ((int)nameNode.Start.Line, (int)nameNode.Start.Column);
        return (name, at, options);
    }

    private static (int Line, int Column)? FirstTabIndentation(string yaml)
    {
        var line = 1;
        var column = 1;
        var indenting = true;
        foreach (var c in yaml)
        {
            if (c == '\n') { line++; column = 1; indenting = true; continue; }
            if (indenting && c == '\t') return (line, column);
            if (c != ' ') indenting = false;
            column++;
        }
        return null;
    }

    /// <summary>Remembers where the last successfully read YAML event ended.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current) LastEnd = current.End;
            return inner.MoveNext();
        }
    }
}
