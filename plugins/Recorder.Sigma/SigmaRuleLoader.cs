namespace Recorder.Sigma;

/// <summary>
/// Reads Sigma rules from YAML and compiles them. Never throws for a bad rule: each rule that cannot run (malformed
/// YAML, a missing part, an unsupported construct) becomes a <see cref="SigmaRuleProblem"/> naming file:line:column,
/// and the other rules keep loading.
/// </summary>
public static class SigmaRuleLoader
{
    /// <summary>
    /// Every <c>*.yml</c>/<c>*.yaml</c> file under <paramref name="folder"/> (recursively, in ordinal path order),
    /// narrowed by <paramref name="filter"/>.
    /// </summary>
    public static SigmaLoadResult LoadFolder(string folder, SigmaRuleFilter? filter = null) =>
        throw new NotImplementedException();

    /// <summary>One rule file (which may hold several YAML documents).</summary>
    public static SigmaLoadResult LoadFile(string path, SigmaRuleFilter? filter = null) =>
        LoadText(File.ReadAllText(path), path, filter);

    /// <summary>Rules from YAML text; <paramref name="sourceName"/> is the file name used in problems.</summary>
    public static SigmaLoadResult LoadText(string yaml, string sourceName, SigmaRuleFilter? filter = null) =>
        throw new NotImplementedException();
}
