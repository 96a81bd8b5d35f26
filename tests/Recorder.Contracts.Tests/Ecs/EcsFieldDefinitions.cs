using Recorder.Tests.Shared;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Recorder.Tests.Ecs;

/// <summary>
/// The field definitions of the pinned ECS release (tests/Recorder.Contracts.Tests/Data/ecs/ecs_flat.yml, from
/// elastic/ecs v8.11.0): each field's type, whether it is an array, and its allowed values.
/// </summary>
public sealed class EcsFieldDefinitions
{
    public static string DefinitionFile => Path.Combine(RepoPaths.Root, "tests", "Recorder.Contracts.Tests", "Data", "ecs", "ecs_flat.yml");

    private static readonly Lazy<EcsFieldDefinitions> Pinned = new(() => Load(DefinitionFile));

    /// <summary>The definitions of the pinned release, read once.</summary>
    public static EcsFieldDefinitions Current => Pinned.Value;

    public IReadOnlyDictionary<string, EcsFieldDefinition> Fields { get; }

    private EcsFieldDefinitions(IReadOnlyDictionary<string, EcsFieldDefinition> fields) => Fields = fields;

    public static EcsFieldDefinitions Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        using var reader = File.OpenText(path);
        var fields = deserializer.Deserialize<Dictionary<string, EcsFieldDefinition>>(reader);
        if (fields is null || fields.Count < 1000) throw new InvalidDataException($"{path}: not an ECS flat field file.");
        return new EcsFieldDefinitions(fields);
    }
}

/// <summary>One entry of ecs_flat.yml (only what the tests check).</summary>
public sealed class EcsFieldDefinition
{
    public string FlatName { get; set; } = "";
    public string Type { get; set; } = "";
    public string? ObjectType { get; set; }
    public List<string> Normalize { get; set; } = [];
    public List<EcsAllowedValue>? AllowedValues { get; set; }

    public bool IsArray => Normalize.Contains("array");
}

/// <summary>An allowed value of a categorization field, with the <c>event.type</c> values it expects.</summary>
public sealed class EcsAllowedValue
{
    public string Name { get; set; } = "";
    public List<string>? ExpectedEventTypes { get; set; }
}
