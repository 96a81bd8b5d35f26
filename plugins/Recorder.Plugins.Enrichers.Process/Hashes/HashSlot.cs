namespace Recorder.Plugins.Enrichers.Process.Hashes;

/// <summary>
/// The hash of one version of one file, shared by every process that runs it. Starts pending when it is
/// queued; the hash worker completes it, and later events of those processes then carry the hash.
/// </summary>
internal sealed class HashSlot
{
    public const string Pending = "pending: queued for hashing";

    private volatile string? _hash;
    private volatile string? _error;

    private HashSlot(string? hash, string? error)
    {
        _hash = hash;
        _error = error;
    }

    public static HashSlot Done(string hash) => new(hash, null);
    public static HashSlot Failed(string error) => new(null, error);
    public static HashSlot Queued() => new(null, Pending);

    /// <summary><c>sha256:hex</c>, or null when not (yet) known.</summary>
    public string? Hash => _hash;
    /// <summary>Why <see cref="Hash"/> is null.</summary>
    public string? Error => _error;
    public bool IsPending => ReferenceEquals(_error, Pending);

    public void Complete(string? hash, string? error)
    {
        // Hash first: a reader that sees the error cleared must see the hash.
        _hash = hash;
        _error = error;
    }
}
