namespace Recorder.Linux.Audit.Rules;

/// <summary>Record type names auditctl accepts and prints in <c>-F msgtype=</c> (generated, see Tables/).</summary>
internal static partial class MessageTypeTable
{
    public static bool TryGetNumber(string name, out int number) => Indexes.ByName.TryGetValue(name, out number);

    public static string? GetName(int number) => Indexes.ByNumber.GetValueOrDefault(number);

    /// <summary>Every name with its number (the record parser's table starts from these).</summary>
    public static IReadOnlyList<(string Name, int Number)> All => Entries;

    // Built on first use, after the generated entries (partial-class initialisers run in no promised order).
    private static class Indexes
    {
        public static readonly Dictionary<string, int> ByName = BuildByName();
        public static readonly Dictionary<int, string> ByNumber = BuildByNumber();
    }

    private static Dictionary<string, int> BuildByName()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, number) in Entries) map.TryAdd(name, number);
        return map;
    }

    private static Dictionary<int, string> BuildByNumber()
    {
        var map = new Dictionary<int, string>();
        foreach (var (name, number) in Entries) map.TryAdd(number, name);
        return map;
    }
}
