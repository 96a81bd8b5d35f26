using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Sigma.Loading;

/// <summary>
/// The rule documents of one YAML file. A file usually holds one rule; a multi-document file may use Sigma 1's
/// <c>action: global</c> (merged into every later document until <c>action: reset</c>) and <c>action: repeat</c>
/// (the previous rule again with this document's changes).
/// </summary>
internal static class RuleDocuments
{
    /// <summary>Each rule document (merged as its actions say), with where it starts; null when a document is not a map.</summary>
    public static IEnumerable<(YamlMappingNode? Rule, Mark Start)> Expand(IEnumerable<YamlDocument> documents)
    {
        YamlMappingNode? global = null;
        YamlMappingNode? previous = null;
        foreach (var document in documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                yield return (null, document.RootNode.Start);
                continue;
            }
            switch (Scalar(root, "action"))
            {
                case "global":
                    global = Without(root, "action");
                    continue;
                case "reset":
                    global = null;
                    continue;
                case "repeat" when previous is not null:
                    previous = Merge(previous, Without(root, "action"));
                    yield return (previous, root.Start);
                    continue;
            }
            previous = global is null ? root : Merge(global, root);
            yield return (previous, root.Start);
        }
    }

    public static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static YamlMappingNode Without(YamlMappingNode map, string key)
    {
        var copy = new YamlMappingNode();
        foreach (var (k, v) in map.Children)
            if (k is not YamlScalarNode { Value: var name } || name != key) copy.Children.Add(k, v);
        return copy;
    }

    /// <summary><paramref name="overlay"/> over <paramref name="basis"/>, maps merged key by key.</summary>
    private static YamlMappingNode Merge(YamlMappingNode basis, YamlMappingNode overlay)
    {
        var merged = new YamlMappingNode();
        foreach (var (k, v) in basis.Children) merged.Children[k] = v;
        foreach (var (k, v) in overlay.Children)
            merged.Children[k] = merged.Children.TryGetValue(k, out var old) && old is YamlMappingNode oldMap && v is YamlMappingNode newMap
                ? Merge(oldMap, newMap)
                : v;
        return merged;
    }
}
