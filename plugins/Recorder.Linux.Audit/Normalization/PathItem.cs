using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>One PATH record of an event: the name as the process passed it and what the kernel did with it.</summary>
public readonly record struct PathItem(int Item, string? Name, PathNameType NameType, long? Inode)
{
    /// <summary>Reads the PATH records of <paramref name="group"/> in item order.</summary>
    public static List<PathItem> ReadAll(AuditEventGroup group)
    {
        var items = new List<PathItem>(4);
        foreach (var record in group.Records)
        {
            if (record.Type != AuditRecordType.Path) continue;
            record.TryGetInt64("item"u8, out var item);
            long? inode = record.TryGetInt64("inode"u8, out var ino) ? ino : null;
            items.Add(new PathItem((int)item, record.GetText("name"u8), ReadNameType(record), inode));
        }
        items.Sort(static (a, b) => a.Item.CompareTo(b.Item));
        return items;
    }

    private static PathNameType ReadNameType(AuditRecord record)
    {
        if (!record.TryGetRaw("nametype"u8, out var value)) return PathNameType.Unknown;
        if (value.SequenceEqual("NORMAL"u8)) return PathNameType.Normal;
        if (value.SequenceEqual("PARENT"u8)) return PathNameType.Parent;
        if (value.SequenceEqual("CREATE"u8)) return PathNameType.Create;
        if (value.SequenceEqual("DELETE"u8)) return PathNameType.Delete;
        return PathNameType.Unknown;
    }

    /// <summary>
    /// The file an operation acted on: the last item that is not a PARENT (the kernel lists parents first), or the
    /// last item when all are parents.
    /// </summary>
    public static PathItem? Target(List<PathItem> items)
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (items[i].NameType != PathNameType.Parent) return items[i];
        }
        return items.Count > 0 ? items[^1] : null;
    }

    /// <summary>The first item of a kind, or null.</summary>
    public static PathItem? First(List<PathItem> items, PathNameType type)
    {
        foreach (var item in items)
        {
            if (item.NameType == type) return item;
        }
        return null;
    }

    /// <summary>
    /// Joins a name the process passed with its working directory (the enricher resolves symlinks; this only
    /// joins). Absolute names and unknown working directories leave the name as it is.
    /// </summary>
    public static string? MakeAbsolute(string? name, string? cwd)
    {
        if (string.IsNullOrEmpty(name) || name[0] == '/' || string.IsNullOrEmpty(cwd)) return name;
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        if (name == ".") return cwd;
        return cwd.EndsWith('/') ? cwd + name : cwd + "/" + name;
    }
}

/// <summary>The <c>nametype</c> of a PATH record.</summary>
public enum PathNameType
{
    Unknown,
    Normal,
    Parent,
    Create,
    Delete,
}
