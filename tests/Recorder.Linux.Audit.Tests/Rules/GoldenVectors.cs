using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Rules;

/// <summary>
/// The rule compiler vectors of go-libaudit: each rule line as given to auditctl 3.0 on x86_64 and the kernel's
/// own <c>audit_rule_data</c> that auditctl produced for it (../shared/data/linux-audit/go-libaudit/rule/testdata).
/// </summary>
internal static class GoldenVectors
{
    public sealed record Vector(string File, int Index, string RuleText, byte[] Bytes)
    {
        public override string ToString() => $"{File}#{Index}: {RuleText}";
    }

    public static string Directory => Path.Combine(RepoPaths.SharedData, "linux-audit", "go-libaudit", "rule", "testdata");

    public static IReadOnlyList<Vector> All { get; } = Load();

    private static List<Vector> Load()
    {
        var vectors = new List<Vector>();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.yml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            string? flags = null;
            System.Text.StringBuilder? base64 = null;
            var index = 0;
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("- flags: ", StringComparison.Ordinal))
                {
                    Flush();
                    flags = line["- flags: ".Length..];
                }
                else if (line.Trim() == "bytes: !!binary |") base64 = new System.Text.StringBuilder();
                else if (flags is not null && base64 is null && line.StartsWith("    ", StringComparison.Ordinal))
                    flags += " " + line.Trim(); // a long rule continues on the next line (YAML plain scalar)
                else if (base64 is not null && line.StartsWith("    ", StringComparison.Ordinal)) base64.Append(line.Trim());
                else if (base64 is not null) Flush();
            }
            Flush();

            void Flush()
            {
                if (flags is not null && base64 is not null)
                    vectors.Add(new Vector(name, index++, flags, Convert.FromBase64String(base64.ToString())));
                if (base64 is not null) flags = null;
                base64 = null;
            }
        }
        return vectors;
    }
}
