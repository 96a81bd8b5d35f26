using System.Buffers;
using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>Size and SHA-256 of a file, read once through a pooled buffer; optionally copied while it is read.</summary>
public static class FileDigest
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Hashes a file. Reads at most <paramref name="maxBytes"/> + 1 bytes, so a huge file costs no more than its claimed size.</summary>
    public static (long Size, byte[] Sha256) Compute(string path, long maxBytes = long.MaxValue) =>
        CopyAndCompute(path, destination: null, maxBytes);

    /// <summary>Reads <paramref name="path"/> once, writing what it reads to <paramref name="destination"/> (if any) and hashing the same bytes.</summary>
    public static (long Size, byte[] Sha256) CopyAndCompute(string path, Stream? destination, long maxBytes = long.MaxValue)
    {
        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = source.Read(buffer, 0, BufferSize)) > 0)
            {
                total += read;
                hash.AppendData(buffer, 0, read);
                destination?.Write(buffer, 0, read);
                if (total > maxBytes) break; // larger than claimed: the size check refuses it without reading the rest
            }
            return (total, hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
