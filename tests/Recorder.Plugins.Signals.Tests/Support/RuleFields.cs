using YamlDotNet.RepresentationModel;

namespace Recorder.Plugins.Signals.Tests.Support;

/// <summary>The field names a rule's detection names (keys before any <c>|modifier</c>), read from its YAML.</summary>
internal static class RuleFields
{
    public static IReadOnlySet<string> Of(string ruleFile, string ruleId)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(ruleFile)) yaml.Load(reader);
        var fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var document in yaml.Documents)
        {
            if (document.RootNode is not YamlMappingNode root) continue;
            if (root.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id.ToString() != ruleId) continue;
            if (!root.Children.TryGetValue(new YamlScalarNode("detection"), out var detection) || detection is not YamlMappingNode selections) continue;
            foreach (var (name, selection) in selections.Children)
                if (name.ToString() != "condition") Collect(selection, fields);
        }
        return fields;
    }

    private static void Collect(YamlNode node, HashSet<string> fields)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var key in map.Children.Keys) fields.Add(key.ToString().Split('|')[0]);
                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                    if (item is YamlMappingNode) Collect(item, fields);
                    else fields.Add("(keywords)");
                break;
        }
    }
}
