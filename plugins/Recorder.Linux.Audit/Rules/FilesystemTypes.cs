namespace Recorder.Linux.Audit.Rules;

/// <summary>File system and file types that <c>fstype=</c> and <c>filetype=</c> accept by name (lib/fstypetab.h, lib/ftypetab.h).</summary>
public static class FilesystemTypes
{
    private static readonly (string Name, uint Magic)[] FilesystemMagics = [("tracefs", 0x74726163), ("debugfs", 0x64626720)];

    private static readonly (string Name, uint Mode)[] FileModes =
    [
        ("socket", 0xC000), ("link", 0xA000), ("file", 0x8000), ("block", 0x6000), ("dir", 0x4000),
        ("character", 0x2000), ("fifo", 0x1000),
    ];

    public static uint? GetMagic(string name)
    {
        foreach (var (known, magic) in FilesystemMagics) if (known == name) return magic;
        return null;
    }

    public static string? GetName(uint magic)
    {
        foreach (var (name, known) in FilesystemMagics) if (known == magic) return name;
        return null;
    }

    /// <summary>The S_IF* mode bits of a <c>filetype=</c> name.</summary>
    public static uint? GetFileMode(string name)
    {
        foreach (var (known, mode) in FileModes) if (known == name) return mode;
        return null;
    }
}
