using YamlDotNet.Core;

namespace Recorder.Sigma.Detection;

/// <summary>Why a rule cannot be compiled, and where in its file; becomes a <see cref="SigmaRuleProblem"/>.</summary>
internal sealed class SigmaCompileException(string message, Mark? at, string? construct = null) : Exception(message)
{
    /// <summary>The unsupported Sigma construct, or null when the rule is simply invalid.</summary>
    public string? Construct { get; } = construct;
    public Mark? At { get; } = at;
}
