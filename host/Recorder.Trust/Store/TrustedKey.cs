using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>A publisher key the host trusts, and which plugin ids it may sign.</summary>
public sealed class TrustedKey
{
    private readonly byte[] _subjectPublicKeyInfo;

    /// <param name="keyId">The id manifests name it by.</param>
    /// <param name="subjectPublicKeyInfo">The public key (DER SubjectPublicKeyInfo, P-256).</param>
    /// <param name="scope">Globs of plugin ids it may sign (<c>*</c> any run of characters, <c>?</c> one); empty means any id.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public TrustedKey(string keyId, byte[] subjectPublicKeyInfo, IReadOnlyList<string> scope, string source)
    {
        KeyId = keyId;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        Scope = scope;
        Source = source;
    }

    public string KeyId { get; }
    public IReadOnlyList<string> Scope { get; }
    public string Source { get; }

    public static TrustedKey FromPublicKey(string keyId, ECDsa key, IReadOnlyList<string>? scope = null) =>
        new(keyId, key.ExportSubjectPublicKeyInfo(), scope ?? [], "(in memory)");

    /// <summary>True when this key may sign plugin <paramref name="pluginId"/>.</summary>
    public bool Allows(string pluginId)
    {
        if (Scope.Count == 0) return true;
        foreach (var glob in Scope)
            if (GlobMatches(glob, pluginId)) return true;
        return false;
    }

    /// <summary>A fresh ECDsa for verifying (instances are cheap and not shared between threads).</summary>
    public ECDsa CreatePublicKey()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        return key;
    }

    internal static bool GlobMatches(ReadOnlySpan<char> glob, ReadOnlySpan<char> text)
    {
        // Iterative matcher with one backtrack point: linear for the short globs a scope holds.
        int g = 0, t = 0, starG = -1, starT = 0;
        while (t < text.Length)
        {
            if (g < glob.Length && (glob[g] == '?' || glob[g] == text[t])) { g++; t++; }
            else if (g < glob.Length && glob[g] == '*') { starG = g++; starT = t; }
            else if (starG >= 0) { g = starG + 1; t = ++starT; }
            else return false;
        }
        while (g < glob.Length && glob[g] == '*') g++;
        return g == glob.Length;
    }
}
