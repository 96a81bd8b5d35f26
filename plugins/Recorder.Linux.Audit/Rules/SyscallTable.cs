namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Syscall names and numbers per architecture, generated from this machine's <c>ausyscall --dump</c> (see
/// Tables/generate-tables.py), so that names resolve exactly as auditctl resolves them. Architectures are named
/// <c>b64</c>/<c>x86_64</c> and <c>b32</c>/<c>i386</c>.
/// </summary>
public static partial class SyscallTable
{
    // Built on first use, after the generated name arrays (partial-class initialisers run in no promised order).
    private static class NumberIndexes
    {
        public static readonly Dictionary<string, int> X86_64 = Index(X86_64Names);
        public static readonly Dictionary<string, int> I386 = Index(I386Names);
    }

    /// <summary>Looks a syscall up by name in an architecture's table.</summary>
    public static bool TryGetNumber(string arch, string name, out int number)
    {
        var table = NumbersFor(arch);
        if (table is not null && table.TryGetValue(name, out number)) return true;
        number = -1;
        return false;
    }

    /// <summary>The name of a syscall number in an architecture's table, or null.</summary>
    public static string? GetName(string arch, int number)
    {
        var names = NamesFor(arch);
        return names is not null && (uint)number < (uint)names.Length ? names[number] : null;
    }

    /// <summary>Whether this library carries a table for the architecture.</summary>
    public static bool HasTable(string arch) => NamesFor(arch) is not null;

    /// <summary>Table lookups by AUDIT_ARCH value (see <see cref="AuditArch"/>).</summary>
    internal static bool TryGetNumber(uint arch, string name, out int number) =>
        TryGetNumber(AuditArch.TableName(arch) ?? "", name, out number);

    internal static string? GetName(uint arch, int number) => GetName(AuditArch.TableName(arch) ?? "", number);

    private static Dictionary<string, int>? NumbersFor(string arch) => arch switch
    {
        "b64" or "x86_64" => NumberIndexes.X86_64,
        "b32" or "i386" or "i686" => NumberIndexes.I386,
        _ => null,
    };

    private static string?[]? NamesFor(string arch) => arch switch
    {
        "b64" or "x86_64" => X86_64Names,
        "b32" or "i386" or "i686" => I386Names,
        _ => null,
    };

    private static Dictionary<string, int> Index(string?[] names)
    {
        var index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            if (names[i] is { } name) index.TryAdd(name, i);
        return index;
    }
}
