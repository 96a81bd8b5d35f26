using System.Text.Json;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.WindowsEventLog.Importing;
using Recorder.Windows.EventLog.Evtx;

namespace Recorder.Plugins.Signals.Tests.Support;

/// <summary>
/// One of SigmaHQ's regression cases (<c>../shared/data/sigma/regression_data</c>): a real Sysmon .evtx that must fire
/// the rule named in info.yml, and the JSON rendering of the same record beside it.
/// </summary>
internal sealed record RegressionCase(string Folder, string RuleId, string Evtx, string Json)
{
    public static string Root => Path.Combine(RepoPaths.SharedData, "sigma", "regression_data");

    public static IReadOnlyList<RegressionCase> All() =>
        Directory.EnumerateFiles(Root, "info.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(info =>
        {
            var folder = Path.GetDirectoryName(info)!;
            var ruleId = File.ReadLines(info).Select(l => l.Trim()).First(l => l.StartsWith("- id:", StringComparison.Ordinal))[5..].Trim();
            return new RegressionCase(Path.GetRelativePath(Root, folder), ruleId,
                Path.Combine(folder, ruleId + ".evtx"), Path.Combine(folder, ruleId + ".json"));
        }).ToList();

    /// <summary>The events `recorder import` makes of the .evtx: the real importer and its Sysmon mapping.</summary>
    public IReadOnlyList<RecorderEvent> Import()
    {
        using var stream = File.OpenRead(Evtx);
        // Every type the host would know: the built-in ones and those the importer declares (as `recorder import` has them).
        var importer = new EvtxImporter();
        var wanted = EventSchemas.All.Concat(importer.Produces).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var events = importer.Read(stream, new ImportContext(Evtx, wanted, CancellationToken.None)).ToList();
        foreach (var e in events) e.Collector = "import:evtx";
        return events;
    }

    /// <summary>The provider and event id of each record in the .evtx.</summary>
    public IReadOnlyList<(string Provider, int EventId)> EventIds()
    {
        using var stream = File.OpenRead(Evtx);
        return new EvtxReader(stream, _ => { }).ReadRecords().Select(r => (r.Event.Provider, r.Event.EventId)).ToList();
    }

    /// <summary>EventData of the JSON rendering: each record's fields as text, by name.</summary>
    public IReadOnlyList<Dictionary<string, string>> JsonEventData()
    {
        var text = File.ReadAllText(Json).Trim();
        // A case holds one JSON object, or several (one per record) one after the other or as an array.
        var documents = new List<JsonElement>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (JsonDocument.TryParseValue(ref reader, out var document))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Array) documents.AddRange(document.RootElement.EnumerateArray().Select(e => e.Clone()));
            else documents.Add(document.RootElement.Clone());
        }
        return documents.Select(d => d.TryGetProperty("Event", out var e) && e.TryGetProperty("EventData", out var data) && data.ValueKind == JsonValueKind.Object
                ? data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText())
                : new Dictionary<string, string>()).ToList();
    }
}
