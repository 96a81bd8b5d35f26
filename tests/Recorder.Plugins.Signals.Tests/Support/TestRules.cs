namespace Recorder.Plugins.Signals.Tests.Support;

/// <summary>Small Sigma rules written by the tests.</summary>
internal static class TestRules
{
    /// <summary>A Linux process_creation rule matching an image path ending.</summary>
    public static string ImageEndsWith(string id, string title, string ending, string level = "medium") => $"""
        title: '{title}'
        id: {id}
        status: test
        level: {level}
        logsource:
            category: process_creation
            product: linux
        detection:
            selection:
                Image|endswith: '{ending}'
            condition: selection
        """;

    /// <summary>A rule whose line 10 uses a modifier Sigma does not have: reported at bad.yml:10.</summary>
    public const string BadModifierOnLine10 = """
        title: Broken rule
        id: 0e6f4b8e-0000-4000-8000-00000000bad0
        status: test
        level: high
        logsource:
            category: process_creation
            product: linux
        detection:
            selection:
                Image|frobnicate: '/usr/bin/true'
            condition: selection
        """;
}
