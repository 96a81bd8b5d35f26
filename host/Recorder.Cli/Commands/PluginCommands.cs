using System.CommandLine;
using System.Text.Json;
using Recorder.Host.Configuration;
using Recorder.Trust;

namespace Recorder.Cli.Commands;

/// <summary>`recorder plugin sign|verify|bundle` and `recorder plugins list`.</summary>
internal static class PluginCommands
{
    /// <summary>Exit codes: 0 accepted/done, 1 refused or failed, 2 bad usage or unusable trust store.</summary>
    private const int Refused = 1, Unusable = 2;

    public static Command CreatePlugin(HostOptions hostOptions)
    {
        var command = new Command("plugin", "Sign, verify and bundle plugin folders.");
        command.Subcommands.Add(CreateSign());
        command.Subcommands.Add(CreateVerify(hostOptions));
        command.Subcommands.Add(PluginBundleCommand.Create("recorder plugin bundle"));
        command.Subcommands.Add(CreateBench(hostOptions));
        return command;
    }

    public static Command CreatePlugins(HostOptions hostOptions)
    {
        var command = new Command("plugins", "List plugins.");
        command.Subcommands.Add(CreateList(hostOptions));
        return command;
    }

    private static Command CreateSign()
    {
        var directory = new Argument<string>("dir") { Description = "The plugin folder to sign (manifest.json and manifest.sig are written into it)." };
        var key = new Option<string>("--key") { Description = "Private key file (from `recorder keys new`).", Required = true };
        var draft = new ManifestDraftOptions();
        var command = new Command("sign", "Write a signed manifest listing every file of a plugin folder. Values not given come from the folder's current manifest or its files.")
        {
            directory, key,
        };
        draft.AddTo(command);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var folder = parseResult.GetValue(directory)!;
                using var signingKey = SigningKey.LoadPrivateKeyFile(parseResult.GetValue(key)!);
                var completed = ManifestDraftDefaults.Complete(folder, draft.Read(parseResult), DateTime.UtcNow);
                var signed = PluginSigner.Sign(folder, completed, signingKey);
                stdout.WriteLine($"signed {signed.Manifest} with key '{signingKey.KeyId}': {signed.Manifest.Files.Count} files, manifest sha256 {signed.ManifestSha256}");
                return 0;
            }
            catch (Exception e) when (e is PluginSigningException or KeyFileException or CommandUsageException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"recorder plugin sign: {e.Message}");
                return e is CommandUsageException ? Unusable : Refused;
            }
        });
        return command;
    }

    private static Command CreateVerify(HostOptions hostOptions)
    {
        var directory = new Argument<string>("dir") { Description = "The plugin folder to verify." };
        var trust = TrustOption();
        var command = new Command("verify", "Check a plugin folder as the host would before loading it. Exit code 0 only when it would load; otherwise prints the reason.")
        {
            directory, trust,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (hostOptions.Load(parseResult) is not { } configuration) return Unusable;
            if (!TryCreateVerifier(parseResult.GetValue(trust) ?? configuration.TrustStoreDirectory, configuration.DataDirectory, out var verifier, out var problem))
            {
                stderr.WriteLine($"recorder plugin verify: {problem}");
                return Unusable;
            }
            var verification = verifier.Verify(parseResult.GetValue(directory)!);
            if (verification.Accepted)
            {
                stdout.WriteLine($"accepted: {verification.Message}");
                return 0;
            }
            stdout.WriteLine($"refused ({verification.Reason!.Value.ToCode()}): {verification.Message}");
            return Refused;
        });
        return command;
    }

    private static Command CreateBench(HostOptions hostOptions)
    {
        var directory = new Argument<string>("dir") { Description = "An accepted plugin folder, e.g. artifacts/plugins/recorder.sinks.sqlite." };
        var trust = TrustOption();
        var iterations = new Option<int>("--iterations") { Description = "Runs per measurement (median reported).", DefaultValueFactory = _ => 30 };
        var command = new Command("bench", "Measure verification and staging of a plugin folder against reading/copying and hashing the same files (the baseline).")
        {
            directory, trust, iterations,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (hostOptions.Load(parseResult) is not { } configuration) return Unusable;
            if (!TryCreateVerifier(parseResult.GetValue(trust) ?? configuration.TrustStoreDirectory, Path.Combine(Path.GetTempPath(), "recorder-bench-no-data"), out var verifier, out var problem))
            {
                stderr.WriteLine($"recorder plugin bench: {problem}");
                return Unusable;
            }
            try
            {
                var folder = parseResult.GetValue(directory)!;
                var results = VerificationBenchmark.Run(folder, verifier, Math.Max(1, parseResult.GetValue(iterations)));
                var bytes = PluginFolderFiles.List(folder).Sum(f => new FileInfo(Path.Combine(folder, f)).Length);
                stdout.WriteLine($"{folder}: {bytes / 1024.0:F0} KiB, median of {parseResult.GetValue(iterations)} runs");
                var rows = new List<string[]>();
                for (var i = 0; i < results.Count; i++)
                {
                    var baseline = results[i - i % 2]; // each measurement follows its baseline
                    rows.Add([results[i].Name, $"{results[i].MedianMilliseconds:F2}", $"{results[i].BestMilliseconds:F2}", $"{results[i].MedianMilliseconds / baseline.MedianMilliseconds:F2}x"]);
                }
                WriteTable(stdout, ["OPERATION", "MEDIAN MS", "BEST MS", "VS BASELINE"], rows);
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or PluginRefusedException or PluginSigningException or IOException)
            {
                stderr.WriteLine($"recorder plugin bench: {e.Message}");
                return Refused;
            }
        });
        return command;
    }

    private static Command CreateList(HostOptions hostOptions)
    {
        var plugins = new Option<string?>("--plugins") { Description = "The plugins folder (one sub-folder per plugin; default: the configuration's first plugin_dirs entry)." };
        var trust = TrustOption();
        var json = new Option<bool>("--json") { Description = "One JSON object per line, for machines." };
        var command = new Command("list", "List the plugin folders with id, version, sequence and whether the host would load them (and why not).")
        {
            plugins, trust, json,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (hostOptions.Load(parseResult) is not { } configuration) return Unusable;
            var root = parseResult.GetValue(plugins) ?? configuration.PluginDirectories[0];
            if (!Directory.Exists(root))
            {
                stderr.WriteLine($"recorder plugins list: {root}: no such folder");
                return Unusable;
            }
            if (!TryCreateVerifier(parseResult.GetValue(trust) ?? configuration.TrustStoreDirectory, configuration.DataDirectory, out var verifier, out var problem))
            {
                stderr.WriteLine($"recorder plugins list: {problem}");
                return Unusable;
            }

            var rows = new List<string[]>();
            foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(folder).StartsWith('.')) continue; // deploys in progress (copy, then rename into place)
                var verification = verifier.Verify(folder);
                var manifest = verification.Manifest;
                var row = new[]
                {
                    Path.GetFileName(folder),
                    manifest?.Id ?? "-",
                    manifest?.Version ?? "-",
                    manifest?.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    verification.Accepted ? "accepted" : "refused",
                    verification.Accepted ? "" : verification.Reason!.Value.ToCode(),
                    verification.Accepted ? "" : verification.Message,
                };
                if (parseResult.GetValue(json)) stdout.WriteLine(ToJson(row));
                else rows.Add(row);
            }
            if (!parseResult.GetValue(json)) WriteTable(stdout, ["FOLDER", "ID", "VERSION", "SEQUENCE", "VERDICT", "REASON", "DETAIL"], rows);
            return 0;
        });
        return command;
    }

    private static Option<string?> TrustOption() => new("--trust")
    {
        Description = "Trust store folder (keys/<key-id>.pem, revoked.txt; default: the configuration's trust_store). The data folder's plugin-sequences.json, if it exists, refuses rollbacks.",
    };

    private static bool TryCreateVerifier(string trustDirectory, string dataDirectory, out PluginVerifier verifier, out string problem)
    {
        verifier = null!;
        problem = "";
        try
        {
            var trust = TrustStore.Load(trustDirectory);
            var sequencesFile = Path.Combine(dataDirectory, PluginSequenceStore.DefaultFileName);
            var sequences = File.Exists(sequencesFile) ? PluginSequenceStore.Open(sequencesFile) : PluginSequenceStore.InMemory();
            verifier = new PluginVerifier(trust, sequences, new PluginVerifierOptions());
            return true;
        }
        catch (Exception e) when (e is TrustStoreException or InvalidDataException or IOException)
        {
            problem = e.Message;
            return false;
        }
    }

    private static void WriteTable(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        foreach (var row in rows.Prepend(header))
        {
            var cells = new string[row.Length];
            for (var i = 0; i < row.Length; i++) cells[i] = i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]);
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string ToJson(string[] row) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["folder"] = row[0], ["id"] = row[1], ["version"] = row[2], ["sequence"] = row[3],
        ["verdict"] = row[4], ["reason"] = row[5], ["detail"] = row[6],
    });
}
