using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Sigma.Detection;

/// <summary>
/// Compiles a rule's <c>detection</c> mapping: each named selection into field and keyword nodes, then the
/// <c>condition</c> over them. Throws <see cref="SigmaCompileException"/> at the first part that is invalid or uses
/// a construct this engine does not support.
/// </summary>
internal static class DetectionCompiler
{
    private static readonly HashSet<string> PositionModifiers = ["contains", "startswith", "endswith"];
    private static readonly HashSet<string> CompareModifiers = ["lt", "lte", "gt", "gte"];
    private static readonly HashSet<string> EncodingModifiers = ["utf16le", "utf16be", "utf16", "wide"];
    private static readonly HashSet<string> RegexFlags = ["i", "m", "s"];

    public static CompiledDetection Compile(YamlMappingNode detection)
    {
        var selections = new Dictionary<string, SelectionNode>(StringComparer.Ordinal);
        YamlNode? condition = null;
        foreach (var (keyNode, valueNode) in detection.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "condition": condition = valueNode; break;
                case "timeframe": break; // only meaningful with an aggregation, which the condition reports
                default: selections[key] = new SelectionNode(key, CompileSelection(key, valueNode)); break;
            }
        }
        if (condition is null) throw new SigmaCompileException("detection has no condition", detection.Start);
        return new CompiledDetection(CompileCondition(condition, selections));
    }

    /// <summary>A condition, or a list of conditions (any of them, as older rules write it).</summary>
    private static ConditionNode CompileCondition(YamlNode condition, Dictionary<string, SelectionNode> selections)
    {
        switch (condition)
        {
            case YamlScalarNode scalar:
                return ConditionParser.Parse(scalar.Value ?? "", selections, scalar.Start);
            case YamlSequenceNode sequence when sequence.Children.Count > 0:
                var alternatives = sequence.Children.Select(c => CompileCondition(c, selections)).ToArray();
                return alternatives.Length == 1 ? alternatives[0] : new OrNode(alternatives);
            default:
                throw new SigmaCompileException("condition must be a string or a list of strings", condition.Start);
        }
    }

    private static ConditionNode CompileSelection(string name, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                return CompileFieldMap(name, map);
            case YamlSequenceNode { Children.Count: > 0 } list when list.Children.All(c => c is YamlMappingNode):
                var alternatives = list.Children.Select(c => CompileFieldMap(name, (YamlMappingNode)c)).ToArray();
                return alternatives.Length == 1 ? alternatives[0] : new OrNode(alternatives);
            case YamlSequenceNode { Children.Count: > 0 } list when list.Children.All(c => c is YamlScalarNode):
                return CompileField(null, [], list, list.Start);
            case YamlScalarNode scalar:
                return CompileField(null, [], scalar, scalar.Start);
            default:
                throw new SigmaCompileException($"selection '{name}' must be a map of fields, a list of maps or a list of keywords", node.Start);
        }
    }

    /// <summary>A map of fields: all of them must match.</summary>
    private static ConditionNode CompileFieldMap(string name, YamlMappingNode map)
    {
        if (map.Children.Count == 0) throw new SigmaCompileException($"selection '{name}' is an empty map", map.Start);
        var fields = map.Children.Select(entry =>
        {
            var key = ((YamlScalarNode)entry.Key).Value ?? "";
            var parts = key.Split('|');
            var field = parts[0].Trim();
            return CompileField(field.Length == 0 ? null : field, parts[1..], entry.Value, entry.Key.Start);
        }).ToArray();
        return fields.Length == 1 ? fields[0] : new AndNode(fields);
    }

    /// <summary>One field (or keywords when <paramref name="field"/> is null) with its modifiers and values.</summary>
    private static ConditionNode CompileField(string? field, string[] modifiers, YamlNode valueNode, Mark at)
    {
        var values = valueNode switch
        {
            YamlScalarNode scalar => [scalar],
            YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode) => sequence.Children.Cast<YamlScalarNode>().ToList(),
            _ => throw new SigmaCompileException($"field '{field}': values must be a value or a list of values, not a nested map", valueNode.Start),
        };
        var all = false;
        var chain = new List<string>();
        foreach (var raw in modifiers)
        {
            var modifier = raw.Trim().ToLowerInvariant();
            if (modifier == "all") all = true;
            else chain.Add(modifier);
        }
        if (values.Count == 0) throw new SigmaCompileException($"field '{field}' has an empty list of values", valueNode.Start);
        var matchers = values.SelectMany(value => CompileValue(field, chain, value)).ToArray();
        return field is null ? new KeywordNode(matchers, all) : new FieldNode(field, matchers, all);
    }

    private static IEnumerable<ValueMatcher> CompileValue(string? field, List<string> modifiers, YamlScalarNode value)
    {
        var at = value.Start;
        var text = value.Value ?? "";
        var plain = value.Style is ScalarStyle.Plain or ScalarStyle.Any;
        foreach (var modifier in modifiers)
            if (!IsKnown(modifier))
                throw new SigmaCompileException($"field '{field}': modifier '{modifier}' is not supported", at, $"modifier '{modifier}'");

        if (modifiers.Count == 0 && plain && IsNull(text)) return [new NullValueMatcher()];
        if (!modifiers.Contains("re") && modifiers.FirstOrDefault(RegexFlags.Contains) is { } flag)
            throw new SigmaCompileException($"field '{field}': regular expression flag '{flag}' without re", at);
        if (modifiers.Contains("re")) return [CompileRegex(field, modifiers, text, at)];
        if (modifiers.Contains("cidr"))
        {
            Only(field, modifiers, ["cidr"], at);
            return [CidrValueMatcher.TryCreate(text.Trim()) ?? throw new SigmaCompileException($"field '{field}': '{text}' is not an IP network", at)];
        }
        if (modifiers.Contains("exists"))
        {
            Only(field, modifiers, ["exists"], at);
            return bool.TryParse(text, out var expected)
                ? [new ExistsValueMatcher(expected)]
                : throw new SigmaCompileException($"field '{field}': exists takes true or false, not '{text}'", at);
        }
        if (modifiers.FirstOrDefault(CompareModifiers.Contains) is { } comparison)
        {
            Only(field, modifiers, [comparison], at);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound)
                ? [new CompareValueMatcher(comparison, bound)]
                : throw new SigmaCompileException($"field '{field}': {comparison} takes a number, not '{text}'", at);
        }
        if (modifiers.Contains("fieldref")) return [CompileFieldRef(field, modifiers, text, at)];
        if (modifiers.Count == 0 && plain && field is not null)
        {
            if (IsNumber(text, out var number)) return [new NumberValueMatcher(number, text)];
            if (bool.TryParse(text, out var boolean)) return [new BooleanValueMatcher(boolean)];
        }
        return CompileStrings(field, modifiers, text, at);
    }

    /// <summary>A string value through its transforming modifiers, then its position modifier.</summary>
    private static IEnumerable<ValueMatcher> CompileStrings(string? field, List<string> modifiers, string text, Mark at)
    {
        var cased = modifiers.Contains("cased");
        var position = modifiers.Where(PositionModifiers.Contains).ToList();
        if (position.Count > 1) throw new SigmaCompileException($"field '{field}': {string.Join(" and ", position)} together", at);
        var patterns = new List<string> { SigmaPattern.Parse(text) };
        Encoding? encoding = null;
        var encoded = false;
        foreach (var modifier in modifiers)
        {
            switch (modifier)
            {
                case "windash":
                    try { patterns = patterns.SelectMany(ValueEncodings.WindowsDash).ToList(); }
                    catch (InvalidOperationException e) { throw new SigmaCompileException($"field '{field}': {e.Message}", at); }
                    break;
                case var _ when EncodingModifiers.Contains(modifier):
                    encoding = ValueEncodings.TextEncoding(modifier);
                    break;
                case "base64" or "base64offset":
                    if (patterns.Any(SigmaPattern.HasWildcards))
                        throw new SigmaCompileException($"field '{field}': {modifier} of a value with wildcards", at);
                    patterns = modifier == "base64"
                        ? patterns.Select(p => ValueEncodings.Base64(ValueEncodings.Bytes(p, encoding))).ToList()
                        : patterns.SelectMany(p => ValueEncodings.Base64Offsets(ValueEncodings.Bytes(p, encoding))).ToList();
                    encoded = true;
                    break;
            }
        }
        if (encoding is not null && !encoded)
            throw new SigmaCompileException($"field '{field}': a text encoding modifier without base64 after it", at, "modifier 'utf16' without base64");
        var wrap = position.FirstOrDefault() ?? (field is null ? "contains" : null); // keywords are searched within the text
        return patterns.Distinct().Select(pattern => wrap switch
        {
            "contains" => SigmaPattern.Contains(pattern),
            "startswith" => SigmaPattern.StartsWith(pattern),
            "endswith" => SigmaPattern.EndsWith(pattern),
            _ => pattern,
        }).Select(pattern => (ValueMatcher)new StringValueMatcher(new StringMatcher(pattern, cased))).ToList();
    }

    private static ValueMatcher CompileRegex(string? field, List<string> modifiers, string pattern, Mark at)
    {
        var options = RegexOptions.None;
        foreach (var modifier in modifiers)
        {
            switch (modifier)
            {
                case "re" or "all": break;
                case "i": options |= RegexOptions.IgnoreCase; break;
                case "m": options |= RegexOptions.Multiline; break;
                case "s": options |= RegexOptions.Singleline; break;
                default:
                    throw new SigmaCompileException($"field '{field}': modifier '{modifier}' with re", at, $"modifier '{modifier}' with 're'");
            }
        }
        try
        {
            return new RegexValueMatcher(pattern, options);
        }
        catch (ArgumentException e)
        {
            throw new SigmaCompileException($"field '{field}': regular expression '{pattern}' is not valid: {e.Message}", at);
        }
    }

    private static ValueMatcher CompileFieldRef(string? field, List<string> modifiers, string otherField, Mark at)
    {
        var mode = FieldRefValueMatcher.Mode.Equals;
        foreach (var modifier in modifiers)
        {
            mode = modifier switch
            {
                "fieldref" or "cased" => mode,
                "contains" => FieldRefValueMatcher.Mode.Contains,
                "startswith" => FieldRefValueMatcher.Mode.StartsWith,
                "endswith" => FieldRefValueMatcher.Mode.EndsWith,
                _ => throw new SigmaCompileException($"field '{field}': modifier '{modifier}' with fieldref", at, $"modifier '{modifier}' with 'fieldref'"),
            };
        }
        if (field is null) throw new SigmaCompileException("fieldref needs a field name", at);
        return new FieldRefValueMatcher(otherField.Trim(), mode, modifiers.Contains("cased"));
    }

    private static void Only(string? field, List<string> modifiers, string[] allowed, Mark at)
    {
        if (modifiers.FirstOrDefault(m => !allowed.Contains(m)) is { } other)
            throw new SigmaCompileException($"field '{field}': modifier '{other}' with {allowed[0]}", at, $"modifier '{other}' with '{allowed[0]}'");
    }

    private static bool IsKnown(string modifier) =>
        PositionModifiers.Contains(modifier) || CompareModifiers.Contains(modifier) || EncodingModifiers.Contains(modifier)
        || RegexFlags.Contains(modifier)
        || modifier is "re" or "cidr" or "windash" or "base64" or "base64offset" or "exists" or "fieldref" or "cased";

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static bool IsNumber(string text, out double number)
    {
        number = 0;
        var digits = text.AsSpan().TrimStart('-');
        return digits.Length > 0 && !digits.ContainsAnyExcept("0123456789.") && digits[0] != '.' && digits[^1] != '.'
               && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
