using System.CommandLine;
using System.Globalization;
using Recorder.Host.Commands;
using Recorder.Host.Diagnostics;
using Recorder.Host.Importing;
using Recorder.Trust;

namespace Recorder.Cli.Commands;

/// <summary>
/// `recorder import &lt;file&gt;`: stores recorded history from another machine or another time (a Linux audit log, and
/// the Windows and macOS formats of their plugins) in the subscriptions' stores. The importers come from the
/// verified plugins; the file's first bytes choose one (or <c>--as</c>). Progress on a terminal, a summary at the end.
/// </summary>
internal static class ImportCommand
{
    private const int ProblemsShown = 20;

    public static Command Create(HostOptions hostOptions)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import (its format is recognised from its first bytes)." };
        var format = new Option<string?>("--as") { Description = "The importer to use, by name, when the file is not recognised (see the error for the list)." };
        var command = new Command("import", "Store recorded history from a file (a Linux audit log; Windows and macOS formats where their plugins are installed). " +
            "`replay` is its older name.") { file, format };
        command.Aliases.Add("replay");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                stderr.WriteLine($"recorder import: {path.FullName}: no such file");
                return 2;
            }
            var configuration = hostOptions.Load(parseResult);
            if (configuration is null) return 2;
            PluginsForQuestion plugins;
            try
            {
                plugins = PluginsForQuestion.Load(configuration);
            }
            catch (Exception ex) when (ex is TrustStoreException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"recorder import: no importer is available: {ex.Message}");
                return 1;
            }
            using (plugins)
            {
                foreach (var refused in plugins.Refused) stderr.WriteLine($"recorder import: {refused.Message}; its importers are unavailable");
                var importer = FileImport.Choose(path.FullName, plugins.Importers, parseResult.GetValue(format), out var problem);
                if (importer is null)
                {
                    stderr.WriteLine("recorder import: " + problem);
                    return 2;
                }
                var progress = Console.IsErrorRedirected ? null : new TerminalProgress(stderr);
                ImportSummary summary;
                try
                {
                    summary = await FileImport.RunAsync(path.FullName, importer.Value, new HostEventReplay(configuration, new HostLog(stderr)), progress, cancellationToken);
                }
                catch (InvalidDataException ex)
                {
                    progress?.Clear();
                    stderr.WriteLine($"recorder import: {path.FullName}: {ex.Message}");
                    return 1;
                }
                progress?.Clear();
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"imported {path.FullName} as {summary.Importer} ({summary.PluginId}): {summary.Records} records, {summary.Events} events, {summary.Routed} routed, {summary.Skipped} skipped, {summary.Malformed} malformed, in {summary.Elapsed.TotalSeconds:0.0} s"));
                foreach (var sink in summary.Stored) stdout.WriteLine($"stored by {sink.Sink}: {sink.Stored} events, {sink.Lost} lost");
                foreach (var line in summary.Problems.Take(ProblemsShown)) stderr.WriteLine($"{path.FullName}:{line}");
                if (summary.Malformed > ProblemsShown) stderr.WriteLine($"... and {summary.Malformed - ProblemsShown} more malformed records");
                if (summary.Stored.Any(s => s.Lost > 0))
                {
                    stderr.WriteLine("recorder import: some sinks did not store every event routed to them (see above and the log)");
                    return 1;
                }
                return 0;
            }
        });
        return command;
    }

    /// <summary>One line on the terminal, rewritten in place: how far, how fast, how long to go.</summary>
    private sealed class TerminalProgress(TextWriter terminal) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            var fraction = value.FileLength == 0 ? 1 : (double)value.BytesRead / value.FileLength;
            var rate = value.Elapsed.TotalSeconds > 0 ? value.Records / value.Elapsed.TotalSeconds : 0;
            var left = fraction > 0 ? TimeSpan.FromSeconds(value.Elapsed.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
            terminal.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{fraction * 100,5:0.0} %  {value.Records,12:N0} records  {value.Events,12:N0} events  {rate,10:N0} records/s  {left:hh\\:mm\\:ss} left "));
        }

        public void Clear() => terminal.Write("\r" + new string(' ', 100) + "\r");
    }
}
