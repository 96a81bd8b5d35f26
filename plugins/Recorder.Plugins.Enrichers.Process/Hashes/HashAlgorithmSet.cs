using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Recorder.Plugins.Enrichers.Process.Hashes;

/// <summary>
/// Hashes a file with every configured algorithm in one read, and formats the result as
/// <c>sha256:hex</c> (several joined with <c>;</c>, in the configured order).
/// </summary>
internal sealed class HashAlgorithmSet
{
    private readonly HashAlgorithmName[] _algorithms;
    private readonly string[] _prefixes;

    public HashAlgorithmSet(IReadOnlyList<string> names)
    {
        _algorithms = new HashAlgorithmName[names.Count];
        _prefixes = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim().ToLowerInvariant();
            _algorithms[i] = ToAlgorithm(name) ?? throw new ArgumentException($"Unknown hash algorithm '{names[i]}'.", nameof(names));
            _prefixes[i] = name + ":";
        }
    }

    public static bool IsKnown(string name) => ToAlgorithm(name.Trim().ToLowerInvariant()) is not null;

    private static HashAlgorithmName? ToAlgorithm(string name) => name switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha1" => HashAlgorithmName.SHA1,
        "md5" => HashAlgorithmName.MD5,
        _ => null,
    };

    /// <summary>Hashes the open file from its start.</summary>
    public string HashFile(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var hashes = new IncrementalHash[_algorithms.Length];
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            for (var i = 0; i < hashes.Length; i++) hashes[i] = IncrementalHash.CreateHash(_algorithms[i]);
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                for (var i = 0; i < hashes.Length; i++) hashes[i].AppendData(buffer, 0, read);
                offset += read;
            }
            var text = new StringBuilder(80 * hashes.Length);
            Span<byte> digest = stackalloc byte[64];
            for (var i = 0; i < hashes.Length; i++)
            {
                var n = hashes[i].GetHashAndReset(digest);
                if (i > 0) text.Append(';');
                text.Append(_prefixes[i]).Append(Convert.ToHexStringLower(digest[..n]));
            }
            return text.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var h in hashes) h?.Dispose();
        }
    }
}
