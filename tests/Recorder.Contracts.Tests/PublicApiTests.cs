using System.Reflection;
using System.Text;
using Recorder.Contracts;
using Recorder.Tests.Shared;

namespace Recorder.Contracts.Tests;

/// <summary>
/// Pins the public plugin API. Every plugin ever built depends on it: a change here must be deliberate.
/// When a change is intended, run the tests with RECORDER_ACCEPT_API=1 to rewrite PublicAPI.txt, and bump the
/// contracts version (Directory.Build.props) when the change is not purely additive.
/// </summary>
public sealed class PublicApiTests
{
    private static string ApiFile => Path.Combine(RepoPaths.Root, "contracts", "Recorder.Contracts", "PublicAPI.txt");

    [Fact]
    public void Public_api_matches_the_approved_listing()
    {
        var actual = Describe(typeof(ContractsInfo).Assembly);
        if (Environment.GetEnvironmentVariable("RECORDER_ACCEPT_API") == "1") File.WriteAllText(ApiFile, actual);
        var approved = File.Exists(ApiFile) ? File.ReadAllText(ApiFile) : "";
        Assert.True(approved == actual,
            "The public API of Recorder.Contracts changed. If intended, rerun with RECORDER_ACCEPT_API=1 and review the diff of PublicAPI.txt.\n" +
            Diff(approved, actual));
    }

    private static string Diff(string approved, string actual)
    {
        var a = approved.Split('\n').ToHashSet();
        var b = actual.Split('\n').ToHashSet();
        var text = new StringBuilder();
        foreach (var line in a.Except(b)) text.AppendLine("- " + line);
        foreach (var line in b.Except(a)) text.AppendLine("+ " + line);
        return text.ToString();
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : "class";
            var bases = new List<string>();
            if (type.BaseType is { } b && b != typeof(object) && b != typeof(Enum) && b != typeof(ValueType)) bases.Add(Name(b));
            bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
            lines.Add($"{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}");
            if (type.IsEnum)
            {
                foreach (var name in Enum.GetNames(type)) lines.Add($"  {name} = {Convert.ToInt64(Enum.Parse(type, name))}");
                continue;
            }
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = new List<string>();
            foreach (var ctor in type.GetConstructors(flags)) members.Add($"  ctor({Parameters(ctor)})");
            foreach (var property in type.GetProperties(flags))
            {
                var accessors = (property.GetMethod?.IsPublic == true ? "get; " : "") + (property.SetMethod?.IsPublic == true ? "set; " : "");
                var indexer = property.GetIndexParameters();
                var name = indexer.Length > 0 ? $"this[{string.Join(", ", indexer.Select(p => Name(p.ParameterType) + " " + p.Name))}]" : property.Name;
                members.Add($"  {(property.GetMethod?.IsStatic == true ? "static " : "")}{Name(property.PropertyType)} {name} {{ {accessors}}}");
            }
            foreach (var field in type.GetFields(flags)) members.Add($"  {(field.IsLiteral ? "const " : field.IsStatic ? "static " : "")}{Name(field.FieldType)} {field.Name}{(field.IsLiteral ? " = " + field.GetRawConstantValue() : "")}");
            foreach (var method in type.GetMethods(flags).Where(m => !m.IsSpecialName))
                members.Add($"  {(method.IsStatic ? "static " : "")}{Name(method.ReturnType)} {method.Name}({Parameters(method)})");
            foreach (var evt in type.GetEvents(flags)) members.Add($"  event {Name(evt.EventHandlerType!)} {evt.Name}");
            lines.AddRange(members.Order(StringComparer.Ordinal));
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter) return type.Name;
        if (Nullable.GetUnderlyingType(type) is { } inner) return Name(inner) + "?";
        if (type.IsArray) return Name(type.GetElementType()!) + "[]";
        if (type.IsByRef) return "ref " + Name(type.GetElementType()!);
        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType) return name;
        return name[..name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
