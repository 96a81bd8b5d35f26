using System.Globalization;

namespace Recorder.Windows.EventLog.Tests;

/// <summary>The real .evtx recordings in ../shared/data and how to read them in a test.</summary>
internal static class EvtxFixtures
{
    public static string EvtxDirectory => Path.Combine(RepoPaths.SharedData, "windows", "evtx");

    public static string SigmaRegressionDirectory => Path.Combine(RepoPaths.SharedData, "sigma", "regression_data");

    public static string PathOf(string name) => Path.Combine(EvtxDirectory, name);

    public static IEnumerable<string> EvtxExportFiles() =>
        Directory.EnumerateFiles(EvtxDirectory, "*.evtx").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>Reads every record of <paramref name="path"/>; problems are collected, not thrown.</summary>
    public static (List<EvtxRecord> Records, List<EvtxProblem> Problems) ReadAll(string path)
    {
        var problems = new List<EvtxProblem>();
        using var stream = File.OpenRead(path);
        var records = new EvtxReader(stream, problems.Add).ReadRecords().ToList();
        return (records, problems);
    }

    /// <summary>
    /// A value as renderers may differ on it without differing on the value: hex integers (evtxexport pads them to
    /// the type's width, Windows does not) by number, GUIDs without braces in upper case.
    /// </summary>
    public static string Normalize(string value)
    {
        if (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
            return "0x" + number.ToString("x", CultureInfo.InvariantCulture);
        if (value.Length == 38 && value[0] == '{' && value[^1] == '}' && Guid.TryParse(value, out _))
            return value[1..^1].ToUpperInvariant();
        return value;
    }

    /// <summary>Fails naming the first field that differs, in full.</summary>
    public static void AssertSameFields(string where, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"{where}: field {i} is\n  {actual[i]}\nexpected\n  {expected[i]}");
        Assert.True(expected.Count == actual.Count, $"{where}: {actual.Count} fields, expected {expected.Count}");
    }
}
