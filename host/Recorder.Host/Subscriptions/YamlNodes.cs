using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Subscriptions;

/// <summary>Small readers over YAML nodes that report what was expected, at the node's position.</summary>
internal static class YamlNodes
{
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    /// <summary>True for <c>~</c>, <c>null</c> and an empty plain value.</summary>
    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>A non-empty text value, or null after adding an error.</summary>
    public static string? Text(YamlNode node, string what, ErrorList errors)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar) && !string.IsNullOrWhiteSpace(scalar.Value)) return scalar.Value;
        errors.Add(node, $"{what} must be text, not {Describe(node)}");
        return null;
    }

    /// <summary><c>true</c> or <c>false</c>, or null after adding an error.</summary>
    public static bool? Boolean(YamlNode node, string what, ErrorList errors)
    {
        if (node is YamlScalarNode { Value: "true" or "True" or "TRUE" }) return true;
        if (node is YamlScalarNode { Value: "false" or "False" or "FALSE" }) return false;
        errors.Add(node, $"{what} must be true or false, not {Describe(node)}");
        return null;
    }

    /// <summary>The mapping's entries with text keys; a non-text key is an error and is skipped.</summary>
    public static IEnumerable<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, ErrorList errors)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } name } scalar) yield return (name, scalar, value);
            else errors.Add(key, $"keys must be text, not {Describe(key)}");
        }
    }

    public static string UnknownKey(string key, IReadOnlyCollection<string> known) =>
        $"unknown key '{key}'{Suggestions.DidYouMean(key, known)}; expected one of: {string.Join(", ", known)}";

    /// <summary>True when the name is a usable module or subscription name.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 100) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return false;
        return true;
    }
}
