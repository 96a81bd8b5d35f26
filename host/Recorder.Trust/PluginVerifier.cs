using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>
/// Decides whether a plugin folder may be loaded, failing closed with a reason, and stages accepted plugins into a
/// host-owned folder from which alone they are loaded. Checks, in order: the folder and every folder above it are
/// safe (owner, mode); no symlinks or special files; the manifest parses; the signature file exists; the key is
/// known, not revoked and allowed to sign this id; the signature verifies; OS and contracts version fit; the sequence
/// is not a rollback; the folder holds exactly the listed files with their sizes and hashes.
/// </summary>
public sealed class PluginVerifier
{
    private readonly TrustStore _trust;
    private readonly PluginSequenceStore _sequences;
    private readonly PluginVerifierOptions _options;
    private readonly Lock _stagingGate = new();

    public PluginVerifier(TrustStore trust, PluginSequenceStore sequences, PluginVerifierOptions options)
    {
        _trust = trust;
        _sequences = sequences;
        _options = options;
    }

    /// <summary>Checks a plugin folder without changing anything (no staging, no sequence recorded).</summary>
    public PluginVerification Verify(string pluginDirectory) => Check(pluginDirectory, hashFiles: true).Verification;

    /// <summary>
    /// Verifies, copies the verified bytes into <c>&lt;stagingRoot&gt;/&lt;id&gt;/&lt;version&gt;-&lt;sequence&gt;-&lt;manifest hash&gt;/</c>,
    /// re-hashes the copy, and records the sequence as accepted. Load the returned <see cref="StagedPlugin.EntryAssemblyPath"/>.
    /// </summary>
    /// <exception cref="PluginRefusedException">The plugin must not be loaded; <see cref="PluginRefusedException.Reason"/> says why.</exception>
    public StagedPlugin VerifyAndStage(string pluginDirectory, string stagingRoot)
    {
        // Content hashes are checked on the bytes as they are copied (one read instead of two, and no gap between
        // check and copy); everything else is checked first.
        var (verification, folder) = Check(pluginDirectory, hashFiles: false);
        if (!verification.Accepted) throw new PluginRefusedException(verification.Reason!.Value, pluginDirectory, verification.Message);

        lock (_stagingGate)
        {
            // Another staging may have accepted a newer release since the check.
            var manifest = folder!.Manifest;
            if (_sequences.Check(manifest.Id, manifest.Sequence, folder.ManifestSha256, out var sequenceMessage) is { } sequenceReason)
                throw new PluginRefusedException(sequenceReason, pluginDirectory, sequenceMessage);

            var staged = PluginStager.Stage(folder, stagingRoot, _options.RequireRootOwnership);
            try
            {
                _sequences.Accept(manifest.Id, manifest.Sequence, folder.ManifestSha256);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Loading a release whose sequence is not on disk would let a rollback through after a restart.
                throw new PluginRefusedException(PluginRefusalReason.StagingFailed, pluginDirectory,
                    $"cannot record sequence {manifest.Sequence} in {_sequences.FilePath}: {e.Message}", e);
            }
            return staged;
        }
    }

    /// <summary>Re-hashes a staged copy: detects tampering in the staging folder after staging.</summary>
    public PluginVerification VerifyStaged(StagedPlugin staged) => PluginStager.Recheck(staged);

    private (PluginVerification Verification, VerifiedFolder? Folder) Check(string pluginDirectory, bool hashFiles)
    {
        var directory = Path.GetFullPath(pluginDirectory);
        try
        {
            return CheckFolder(directory, hashFiles);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file vanished or could not be read mid-check (for example a deploy in progress): refuse, say what happened.
            return Refused(PluginRefusalReason.Unreadable, $"{directory}: {e.Message}");
        }
    }

    private (PluginVerification Verification, VerifiedFolder? Folder) CheckFolder(string directory, bool hashFiles)
    {

        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null)
            return Refused(PluginRefusalReason.SymlinkFound, $"{directory}: the plugin folder is a symbolic link (to {info.LinkTarget})");
        if (!info.Exists)
            return Refused(PluginRefusalReason.FolderMissing, $"{directory}: no such folder");

        if (_options.RequireRootOwnership && PluginFileSystem.Current.CheckDirectoryChain(directory) is { } unsafeChain)
            return Refused(unsafeChain.Reason, unsafeChain.Message);

        var (scan, scanProblem) = FolderScan.Run(directory, _options.RequireRootOwnership);
        if (scanProblem is { } problem) return Refused(problem.Reason, problem.Message);

        // Manifest: present, bounded, well-formed.
        if (!scan!.Files.TryGetValue(ManifestRules.ManifestFileName, out var manifestSize))
            return Refused(PluginRefusalReason.ManifestMissing, $"{ManifestRules.ManifestFileName}: not found in {directory}");
        if (manifestSize > ManifestRules.MaxManifestBytes)
            return Refused(PluginRefusalReason.ManifestInvalid, $"{ManifestRules.ManifestFileName}: is {manifestSize} bytes; the limit is {ManifestRules.MaxManifestBytes}");
        var manifestBytes = ReadBounded(Path.Combine(directory, ManifestRules.ManifestFileName), ManifestRules.MaxManifestBytes);
        PluginManifest manifest;
        try
        {
            manifest = PluginManifestReader.Parse(manifestBytes);
        }
        catch (ManifestFormatException e)
        {
            return Refused(e.PathEscapesFolder ? PluginRefusalReason.PathEscapesFolder : PluginRefusalReason.ManifestInvalid, e.Message);
        }

        // Signature: present, decodable, by a trusted key that may sign this id.
        if (!scan.Files.TryGetValue(ManifestRules.SignatureFileName, out var signatureSize))
            return Refused(PluginRefusalReason.SignatureMissing, $"{ManifestRules.SignatureFileName}: not found in {directory}", manifest);
        if (signatureSize > ManifestRules.MaxSignatureBytes)
            return Refused(PluginRefusalReason.BadSignature, $"{ManifestRules.SignatureFileName}: is {signatureSize} bytes; no signature is that large", manifest);
        var signatureBytes = ReadBounded(Path.Combine(directory, ManifestRules.SignatureFileName), ManifestRules.MaxSignatureBytes);
        if (!ManifestSignature.TryDecodeFile(signatureBytes, out var derSignature))
            return Refused(PluginRefusalReason.BadSignature, $"{ManifestRules.SignatureFileName}: is not a base64 signature", manifest);

        if (manifest.Alg != PluginManifest.EcdsaP256Sha256)
            return Refused(PluginRefusalReason.UnsupportedAlgorithm, $"{ManifestRules.ManifestFileName}: field 'alg': '{manifest.Alg}' is not supported; this host verifies {PluginManifest.EcdsaP256Sha256}", manifest);
        if (_trust.IsRevoked(manifest.KeyId))
            return Refused(PluginRefusalReason.RevokedKey, $"{ManifestRules.ManifestFileName}: field 'keyId': key '{manifest.KeyId}' is revoked in the trust store", manifest);
        if (_trust.Find(manifest.KeyId) is not { } key)
            return Refused(PluginRefusalReason.UnknownKey, $"{ManifestRules.ManifestFileName}: field 'keyId': key '{manifest.KeyId}' is not in the trust store{TrustLocation()}", manifest);
        if (!key.Allows(manifest.Id))
            return Refused(PluginRefusalReason.KeyNotAllowedForId, $"{ManifestRules.ManifestFileName}: field 'id': key '{key.KeyId}' may sign only {string.Join(", ", key.Scope)}, not '{manifest.Id}'", manifest);

        using (var publicKey = key.CreatePublicKey())
        {
            if (!ManifestSignature.Verify(manifestBytes, derSignature, publicKey))
                return Refused(PluginRefusalReason.BadSignature, $"{ManifestRules.SignatureFileName}: does not verify {ManifestRules.ManifestFileName} with key '{key.KeyId}'", manifest);
        }

        // From here the manifest is authentic: check that it fits this host and is not a rollback.
        if (!manifest.RunsOn(_options.CurrentOs))
            return Refused(PluginRefusalReason.WrongOperatingSystem, $"{ManifestRules.ManifestFileName}: field 'os': the plugin runs on {string.Join(", ", manifest.OperatingSystems.Select(o => o.ToManifestName()))}, not {_options.CurrentOs.ToManifestName()}", manifest);
        if (ContractsCompatibility.Check(manifest.ContractsVersion, _options.HostContractsVersion) is { } contracts)
            return Refused(contracts.Reason, $"{ManifestRules.ManifestFileName}: field 'contractsVersion': {contracts.Message}", manifest);

        var manifestSha256 = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        if (_sequences.Check(manifest.Id, manifest.Sequence, manifestSha256, out var sequenceMessage) is { } sequenceReason)
            return Refused(sequenceReason, $"{ManifestRules.ManifestFileName}: field 'sequence': {sequenceMessage}", manifest);

        // The folder must hold exactly the listed files, byte for byte.
        if (FileSetCheck.Compare(directory, scan, manifest, hashFiles) is { } fileProblem)
            return Refused(fileProblem.Reason, fileProblem.Message, manifest);

        var verification = new PluginVerification(true, manifest, null, $"{manifest} signed by '{manifest.KeyId}'");
        return (verification, new VerifiedFolder(directory, manifest, manifestBytes, signatureBytes, manifestSha256));
    }

    private string TrustLocation() => _trust.Directory is null ? "" : $" ({_trust.Directory})";

    private static (PluginVerification, VerifiedFolder?) Refused(PluginRefusalReason reason, string message, PluginManifest? manifest = null) =>
        (PluginVerification.Refuse(reason, message, manifest), null);

    private static byte[] ReadBounded(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var buffer = new byte[limit + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        return buffer[..total];
    }
}
