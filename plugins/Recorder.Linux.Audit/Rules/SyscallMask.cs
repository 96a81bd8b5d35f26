namespace Recorder.Linux.Audit.Rules;

/// <summary>The kernel's syscall bitmap of a rule (<c>audit_rule_data.mask</c>: 64 words, bit n = syscall n).</summary>
public sealed class SyscallMask : IEquatable<SyscallMask>
{
    /// <summary>Words in the bitmap (AUDIT_BITMASK_SIZE).</summary>
    public const int WordCount = 64;

    private readonly uint[] _words = new uint[WordCount];

    public SyscallMask() { }

    public SyscallMask(ReadOnlySpan<uint> words)
    {
        if (words.Length != WordCount) throw new ArgumentException($"a syscall mask has {WordCount} words", nameof(words));
        words.CopyTo(_words);
    }

    /// <summary>The raw words, as the kernel stores them.</summary>
    public ReadOnlySpan<uint> Words => _words;

    /// <summary>No syscall bit set.</summary>
    public bool IsEmpty => _words.AsSpan().IndexOfAnyExcept(0u) < 0;

    /// <summary>
    /// <c>-S all</c>: every bit of the first 63 words set (the test auditctl applies when listing; the last word
    /// is not looked at).
    /// </summary>
    public bool IsAll => _words.AsSpan(0, WordCount - 1).IndexOfAnyExcept(uint.MaxValue) < 0;

    public bool Contains(int syscall) =>
        (uint)syscall < WordCount * 32 && (_words[syscall >> 5] & (1u << (syscall & 31))) != 0;

    /// <summary>Sets one syscall's bit. False when the number is beyond the bitmap.</summary>
    public bool Add(int syscall)
    {
        if ((uint)syscall >= WordCount * 32) return false;
        _words[syscall >> 5] |= 1u << (syscall & 31);
        return true;
    }

    /// <summary>
    /// The top 16 bits of the last word are not syscalls but the kernel's syscall-class selectors
    /// (AUDIT_SYSCALL_CLASSES): on load the kernel ORs each selected class into the mask and clears the selector.
    /// </summary>
    public const uint LastWordSyscallBits = 0x0000FFFF;

    /// <summary>
    /// Sets every syscall bit (<c>-S all</c>). auditctl sends all 2048 bits; the kernel keeps (and lists) the same
    /// rule with the class selectors cleared, which is the form written here so that a rule compares equal to its
    /// listing.
    /// </summary>
    public void AddAll()
    {
        _words.AsSpan().Fill(uint.MaxValue);
        _words[WordCount - 1] = LastWordSyscallBits;
    }

    /// <summary>The syscall numbers whose bits are set, ascending.</summary>
    public IEnumerable<int> Numbers
    {
        get
        {
            for (var i = 0; i < WordCount * 32; i++)
                if ((_words[i >> 5] & (1u << (i & 31))) != 0) yield return i;
        }
    }

    public bool Equals(SyscallMask? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as SyscallMask);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var word in _words) hash.Add(word);
        return hash.ToHashCode();
    }
}
