using Recorder.Trust;

namespace Recorder.Host.Subscriptions;

/// <summary>
/// Whether subscription folders and files may steer the recorder: a subscription chooses what root records and
/// where root writes it, so the folders get the rules of plugin folders (owned by root, writable by nobody else,
/// every folder above too).
/// </summary>
public sealed class SubscriptionTrust
{
    private readonly Func<string, string?> _folderProblem;
    private readonly Func<string, string?> _entryProblem;

    /// <summary>Checks with custom rules (tests).</summary>
    public SubscriptionTrust(Func<string, string?> folderProblem, Func<string, string?> entryProblem)
    {
        _folderProblem = folderProblem;
        _entryProblem = entryProblem;
    }

    /// <summary>The rules of plugin folders (<see cref="TrustedLocations"/>).</summary>
    public static SubscriptionTrust RootOwned { get; } = new(TrustedLocations.FolderProblem, TrustedLocations.EntryProblem);

    /// <summary>Why the folder (or one above it) cannot be trusted, or null.</summary>
    public string? FolderProblem(string directory) => _folderProblem(directory);

    /// <summary>Why the file cannot be trusted, or null.</summary>
    public string? EntryProblem(string path) => _entryProblem(path);
}
