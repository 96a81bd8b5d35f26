namespace Recorder.Sigma.Tests;

/// <summary>SigmaHQ's rule folders in ../shared/data/sigma.</summary>
internal static class SigmaRuleFolders
{
    public static string Sigma => Path.Combine(RepoPaths.SharedData, "sigma");

    /// <summary>The folders issue 18 asks to compile, by the name printed in reports.</summary>
    public static IReadOnlyList<(string Name, string Path)> All { get; } =
    [
        ("rules/linux", Path.Combine(Sigma, "rules", "linux")),
        ("rules/windows", Path.Combine(Sigma, "rules", "windows")),
        ("rules/macos", Path.Combine(Sigma, "rules", "macos")),
        ("rules-emerging-threats", Path.Combine(Sigma, "rules-emerging-threats")),
        ("rules-threat-hunting", Path.Combine(Sigma, "rules-threat-hunting")),
    ];

    public static string WindowsProcessCreation => Path.Combine(Sigma, "rules", "windows", "process_creation");
}
