using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// The <c>topic</c> option: one topic name, or a template with <c>{category}</c> that becomes the event type's first
/// part (<c>recorder.{category}</c> sends <c>file.write</c> to <c>recorder.file</c>). Names are made once per category.
/// </summary>
public sealed class TopicTemplate
{
    private const string Placeholder = "{category}";
    private readonly string _template;
    private readonly Dictionary<string, string> _byType = new(StringComparer.Ordinal);

    private TopicTemplate(string template) => _template = template;

    /// <summary>Whether the topic depends on the event.</summary>
    public bool PerCategory => _template.Contains(Placeholder, StringComparison.Ordinal);

    /// <summary>Checks a topic option: Kafka topic names are at most 249 of <c>[a-zA-Z0-9._-]</c>.</summary>
    public static TopicTemplate Parse(string template)
    {
        var literal = template.Replace(Placeholder, "x", StringComparison.Ordinal);
        if (literal.Length is 0 or > 200 || literal is "." or "..")
            throw new PluginOptionsException("topic", $"'{template}' is not a topic name (1 to 200 characters)");
        foreach (var c in literal)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new PluginOptionsException("topic", $"'{template}' has '{c}': topic names take letters, digits, '.', '_', '-' and the placeholder {Placeholder}");
        return new TopicTemplate(template);
    }

    /// <summary>The topic of an event of <paramref name="type"/>. Called from one thread (the sink's writer).</summary>
    public string For(string type)
    {
        if (!PerCategory) return _template;
        if (_byType.TryGetValue(type, out var topic)) return topic;
        var dot = type.IndexOf('.');
        var category = SafeName(dot < 0 ? type : type[..dot]);
        return _byType[type] = _template.Replace(Placeholder, category, StringComparison.Ordinal);
    }

    private static string SafeName(string category) =>
        string.Create(category.Length, category, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++) span[i] = char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-' ? text[i] : '_';
        });

    /// <inheritdoc />
    public override string ToString() => _template;
}
