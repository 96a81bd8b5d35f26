using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Recorder.Tests.Ecs;

/// <summary>
/// Checks one ECS JSON document against the pinned field definitions: every field exists in ECS (or is in a
/// namespace Recorder is allowed to add: <c>recorder.*</c>, and <c>user.audit.*</c> as Auditbeat writes it), its
/// JSON type fits the ECS type, arrays are where ECS normalizes to arrays, and <c>event.kind/category/type</c>
/// take allowed values in allowed combinations.
/// </summary>
public sealed class EcsDocumentValidator(EcsFieldDefinitions definitions)
{
    /// <summary>Custom namespaces: Recorder's own fields, and Auditbeat's audit (login) user typed like <c>user.*</c>.</summary>
    private static readonly (string Prefix, string? TypedLike)[] AllowedCustom = [("recorder.", null), ("user.audit.", "user.")];

    /// <summary>Every problem of the document, each naming the field; empty when it is valid.</summary>
    public List<string> Validate(JsonElement document)
    {
        var problems = new List<string>();
        if (document.ValueKind != JsonValueKind.Object) return ["the document is not a JSON object"];
        foreach (var property in document.EnumerateObject()) Visit(property.Value, property.Name, problems);
        ValidateCategorization(document, problems);
        return problems;
    }

    private void Visit(JsonElement value, string path, List<string> problems)
    {
        if (IsCustom(path, out var typedLike))
        {
            if (typedLike is not null && value.ValueKind != JsonValueKind.Object)
            {
                if (!definitions.Fields.TryGetValue(typedLike, out var like)) problems.Add($"{path}: custom field has no ECS counterpart {typedLike}");
                else CheckLeaf(value, path, like, problems);
                return;
            }
            if (value.ValueKind == JsonValueKind.Object)
                foreach (var property in value.EnumerateObject()) Visit(property.Value, path + "." + property.Name, problems);
            return;
        }

        definitions.Fields.TryGetValue(path, out var definition);
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (definition is { Type: "object" or "flattened" })
            {
                // labels: flat keyword pairs.
                foreach (var property in value.EnumerateObject())
                    if (definition.ObjectType == "keyword" && property.Value.ValueKind != JsonValueKind.String)
                        problems.Add($"{path}.{property.Name}: {definition.Type} of keyword must hold text, not {property.Value.ValueKind}");
                return;
            }
            if (definition is not null) { problems.Add($"{path}: ECS type {definition.Type}, but the document has an object"); return; }
            foreach (var property in value.EnumerateObject()) Visit(property.Value, path + "." + property.Name, problems);
            return;
        }
        if (definition is null) { problems.Add($"{path}: not an ECS {EcsVersion} field"); return; }
        CheckLeaf(value, path, definition, problems);
    }

    private void CheckLeaf(JsonElement value, string path, EcsFieldDefinition definition, List<string> problems)
    {
        if (definition.Type is "nested" or "object")
        {
            // An array of objects (dns.answers): each object's keys are fields below it.
            if (value.ValueKind != JsonValueKind.Array) { problems.Add($"{path}: ECS {definition.Type} must be an array of objects"); return; }
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: array items must be objects"); continue; }
                foreach (var property in item.EnumerateObject()) Visit(property.Value, path + "." + property.Name, problems);
            }
            return;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            if (!definition.IsArray) problems.Add($"{path}: an array, but ECS does not normalize it to an array");
            foreach (var item in value.EnumerateArray()) CheckScalar(item, path, definition, problems);
            return;
        }
        if (definition.IsArray) problems.Add($"{path}: ECS normalizes it to an array, the document has a single {value.ValueKind}");
        CheckScalar(value, path, definition, problems);
    }

    private static void CheckScalar(JsonElement value, string path, EcsFieldDefinition definition, List<string> problems)
    {
        var fits = definition.Type switch
        {
            "keyword" or "constant_keyword" or "wildcard" or "match_only_text" or "text" => value.ValueKind == JsonValueKind.String,
            "long" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "float" or "scaled_float" or "double" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "date" => value.ValueKind == JsonValueKind.String && IsIsoDate(value.GetString()!),
            "ip" => value.ValueKind == JsonValueKind.String && IPAddress.TryParse(value.GetString(), out _),
            _ => true,
        };
        if (!fits) problems.Add($"{path}: {value.GetRawText()} does not fit ECS type {definition.Type}");
        if (definition.AllowedValues is { } allowed && value.ValueKind == JsonValueKind.String
            && !allowed.Any(a => a.Name == value.GetString()))
            problems.Add($"{path}: '{value.GetString()}' is not an allowed value ({string.Join(", ", allowed.Select(a => a.Name))})");
    }

    private static bool IsIsoDate(string text) =>
        (text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-')
        && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Every event.type must be one that each event.category expects.</summary>
    private void ValidateCategorization(JsonElement document, List<string> problems)
    {
        if (!document.TryGetProperty("event", out var ev) || ev.ValueKind != JsonValueKind.Object) return;
        if (!ev.TryGetProperty("category", out var categories) || !ev.TryGetProperty("type", out var types)) return;
        if (categories.ValueKind != JsonValueKind.Array || types.ValueKind != JsonValueKind.Array) return;
        var allowed = definitions.Fields["event.category"].AllowedValues!;
        foreach (var category in categories.EnumerateArray())
        {
            var expected = allowed.FirstOrDefault(a => a.Name == category.GetString())?.ExpectedEventTypes;
            if (expected is null) continue;
            foreach (var type in types.EnumerateArray())
                if (!expected.Contains(type.GetString()!))
                    problems.Add($"event.type: '{type.GetString()}' is not expected with event.category '{category.GetString()}' ({string.Join(", ", expected)})");
        }
    }

    private static bool IsCustom(string path, out string? typedLike)
    {
        foreach (var (prefix, like) in AllowedCustom)
        {
            if (path + "." == prefix) { typedLike = null; return true; }
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                typedLike = like is null ? null : like + path[prefix.Length..];
                return true;
            }
        }
        typedLike = null;
        return false;
    }

    private const string EcsVersion = "8.11";
}
