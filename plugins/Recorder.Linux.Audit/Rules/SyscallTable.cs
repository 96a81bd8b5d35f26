namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Syscall names and numbers per architecture, generated from this machine's <c>ausyscall --dump</c> (see
/// Tables/generate-tables.py), so that names resolve exactly as auditctl resolves them, plus the syscalls newer
/// kernels added since that table (from audit-userspace's current tables; auditctl 3.0.9 knows them only by number).
/// Architectures are named <c>b64</c>/<c>x86_64</c> and <c>b32</c>/<c>i386</c>.
/// </summary>
public static partial class SyscallTable
{
    // Built on first use, after the generated arrays (partial-class initialisers run in no promised order).
    private static class Indexes
    {
        public static readonly Table X86_64 = new(X86_64Names, X86_64NewerNames);
        public static readonly Table I386 = new(I386Names, I386NewerNames);
    }

    /// <summary>Looks a syscall up by name in an architecture's table.</summary>
    public static bool TryGetNumber(string arch, string name, out int number)
    {
        number = -1;
        return TableFor(arch) is { } table && table.Numbers.TryGetValue(name, out number);
    }

    /// <summary>The name of a syscall number in an architecture's table, or null.</summary>
    public static string? GetName(string arch, int number) => TableFor(arch)?.NameOf(number);

    /// <summary>
    /// True when the name is known only from the newer table: the installed auditctl refuses it by name and lists
    /// it by number.
    /// </summary>
    public static bool IsNewerThanInstalledAuditd(string arch, int number) => TableFor(arch)?.IsNewer(number) ?? false;

    /// <summary>Whether this library carries a table for the architecture.</summary>
    public static bool HasTable(string arch) => TableFor(arch) is not null;

    internal static bool TryGetNumber(uint arch, string name, out int number) =>
        TryGetNumber(AuditArch.TableName(arch) ?? "", name, out number);

    internal static string? GetName(uint arch, int number) => GetName(AuditArch.TableName(arch) ?? "", number);

    private static Table? TableFor(string arch) => arch switch
    {
        "b64" or "x86_64" => Indexes.X86_64,
        "b32" or "i386" or "i686" => Indexes.I386,
        _ => null,
    };

    private sealed class Table
    {
        private readonly string?[] _installed;
        private readonly Dictionary<int, string> _newer = [];

        public Table(string?[] installed, (int Number, string Name)[] newer)
        {
            _installed = installed;
            Numbers = new Dictionary<string, int>(installed.Length + newer.Length, StringComparer.Ordinal);
            for (var i = 0; i < installed.Length; i++)
                if (installed[i] is { } name) Numbers.TryAdd(name, i);
            foreach (var (number, name) in newer)
            {
                _newer[number] = name;
                Numbers.TryAdd(name, number);
            }
        }

        public Dictionary<string, int> Numbers { get; }

        public string? NameOf(int number) =>
            (uint)number < (uint)_installed.Length && _installed[number] is { } name ? name : _newer.GetValueOrDefault(number);

        public bool IsNewer(int number) => _newer.ContainsKey(number);
    }
}
