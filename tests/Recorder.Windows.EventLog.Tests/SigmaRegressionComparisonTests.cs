using System.Globalization;
using System.Text.Json;

namespace Recorder.Windows.EventLog.Tests;

/// <summary>
/// Our reader against the JSON renderings SigmaHQ keeps beside each of its 168 real regression .evtx files (written
/// by another, independent EVTX parser): every record's event id, time, record number and every EventData/UserData
/// field. The JSON keeps times to the microsecond, renders numbers as numbers and GUIDs without braces, and trims
/// white space around values; values are compared as those renderings allow.
/// </summary>
public class SigmaRegressionComparisonTests
{
    public static TheoryData<string> Files() => new(
        Directory.EnumerateFiles(EvtxFixtures.SigmaRegressionDirectory, "*.evtx", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(EvtxFixtures.SigmaRegressionDirectory, path))
            .Order(StringComparer.Ordinal));

    [Fact]
    public void All_168_regression_files_are_found() => Assert.Equal(168, Files().Count);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_record_matches_the_json_rendering(string relativePath)
    {
        var path = Path.Combine(EvtxFixtures.SigmaRegressionDirectory, relativePath);
        var (records, problems) = EvtxFixtures.ReadAll(path);
        var expected = ReadJsonRecords(Path.ChangeExtension(path, ".json"));

        Assert.Empty(problems);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var got = records[i].Event;
            var where = $"{relativePath} record {want.RecordId}";
            Assert.True(want.RecordId == got.RecordId, $"{where}: record id {got.RecordId}");
            Assert.True(want.EventId == got.EventId, $"{where}: event id {got.EventId}, expected {want.EventId}");
            Assert.True(ToMicroseconds(want.TimeCreated) == ToMicroseconds(got.TimeCreated), $"{where}: time {got.TimeCreated:O}, expected {want.TimeCreated:O}");
            var gotFields = got.Data.Select(p => $"{p.Key}={Normalize(p.Value)}").ToList();
            if (JsonErrata.TryGetValue(relativePath, out var erratum)) ApplyErratum(path, erratum, want.Fields, gotFields);
            EvtxFixtures.AssertSameFields(where, want.Fields, gotFields);
        }
    }

    /// <summary>
    /// Where the JSON beside a file contradicts the file's own bytes. In the right-to-left-override case the .evtx
    /// holds <c>C:\Windows\Explorer.EXE</c> (UTF-16, once) and the JSON has it lower-cased, edited by hand.
    /// </summary>
    private static readonly Dictionary<string, (string Field, string InFile)> JsonErrata = new()
    {
        ["rules/windows/process_creation/proc_creation_win_susp_right_to_left_override/ad691d92-15f2-4181-9aa4-723c74f9ddc3.evtx"] =
            ("ParentCommandLine", @"C:\Windows\Explorer.EXE"),
    };

    /// <summary>Checks the file holds what we read, then takes our value for the field the JSON got wrong.</summary>
    private static void ApplyErratum(string path, (string Field, string InFile) erratum, List<string> want, List<string> got)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(erratum.InFile)) >= 0, $"{path} does not hold {erratum.InFile}");
        var expected = $"{erratum.Field}={erratum.InFile}";
        Assert.Contains(expected, got);
        var index = want.FindIndex(f => string.Equals(f, expected, StringComparison.OrdinalIgnoreCase));
        Assert.True(index >= 0, $"the JSON no longer differs in {erratum.Field}: remove the erratum");
        want[index] = expected;
    }

    private static long ToMicroseconds(DateTime time) => time.Ticks / 10;

    /// <summary>The JSON renderer trims the white space around values (Windows and evtxexport keep it).</summary>
    private static string Normalize(string value) => EvtxFixtures.Normalize(value.Trim());

    private sealed record JsonRecord(ulong RecordId, int EventId, DateTime TimeCreated, List<string> Fields);

    /// <summary>The records of a JSON file that holds one or more Event objects one after another.</summary>
    private static List<JsonRecord> ReadJsonRecords(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        var records = new List<JsonRecord>();
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var e = document.RootElement.GetProperty("Event");
            var system = e.GetProperty("System");
            var eventId = system.GetProperty("EventID");
            if (eventId.ValueKind == JsonValueKind.Object) eventId = eventId.GetProperty("#text");
            var time = system.GetProperty("TimeCreated").GetProperty("#attributes").GetProperty("SystemTime").GetString()!;
            var fields = new List<string>();
            if (e.TryGetProperty("EventData", out var eventData) && eventData.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in eventData.EnumerateObject())
                    if (!field.Name.StartsWith('#')) fields.Add($"{field.Name}={Normalize(Text(field.Value))}");
            }
            else if (e.TryGetProperty("UserData", out var userData))
            {
                foreach (var top in userData.EnumerateObject()) AddLeaves(top.Value, fields);
            }
            records.Add(new JsonRecord(system.GetProperty("EventRecordID").GetUInt64(), eventId.GetInt32(),
                DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), fields));
        }
        return records;
    }

    private static void AddLeaves(JsonElement element, List<string> fields)
    {
        foreach (var child in element.EnumerateObject())
        {
            if (child.Name.StartsWith('#')) continue;
            if (child.Value.ValueKind == JsonValueKind.Object && !child.Value.TryGetProperty("#text", out _)) AddLeaves(child.Value, fields);
            else fields.Add($"{child.Name}={Normalize(Text(child.Value))}");
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(Text)),
        JsonValueKind.Object when value.TryGetProperty("#text", out var text) => Text(text),
        _ => value.GetRawText(),
    };
}
