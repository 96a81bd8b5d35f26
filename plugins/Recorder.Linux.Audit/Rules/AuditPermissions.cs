namespace Recorder.Linux.Audit.Rules;

/// <summary>The <c>perm</c> field's bits (AUDIT_PERM_* of linux/audit.h) and the <c>rwxa</c> letters that name them.</summary>
public static class AuditPermissions
{
    public const uint Execute = 1;
    public const uint Write = 2;
    public const uint Read = 4;
    public const uint Attribute = 8;
    public const uint All = Read | Write | Execute | Attribute;

    /// <summary>Parses <c>rwxa</c> letters (any order, at most four); null when a letter is not one of them.</summary>
    public static uint? Parse(string letters)
    {
        if (letters.Length is 0 or > 4) return null;
        uint value = 0;
        foreach (var letter in letters)
        {
            switch (char.ToLowerInvariant(letter))
            {
                case 'r': value |= Read; break;
                case 'w': value |= Write; break;
                case 'x': value |= Execute; break;
                case 'a': value |= Attribute; break;
                default: return null;
            }
        }
        return value;
    }
}
