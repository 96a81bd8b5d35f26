namespace Recorder.Host.Commands;

/// <summary>
/// The control socket's <c>invoke</c> request: <c>invoke {json}</c> on one line, naming the command by the words
/// typed (<c>["timeline"]</c>) and carrying every parsed value as text, paths already absolute.
/// </summary>
public sealed record InvokeRequest(IReadOnlyList<string> Path, IReadOnlyDictionary<string, string[]> Values)
{
    /// <summary>The request word on the control socket.</summary>
    public const string Verb = "invoke";
}

/// <summary>What the running host answers to <c>invoke</c>: the command's exit code and what it wrote, and which plugin answered.</summary>
/// <param name="AnsweredBy">The plugin that ran the command, as <c>&lt;id&gt; &lt;version&gt; (sequence n) in the running recorder</c>.</param>
public sealed record InvokeAnswer(int ExitCode, string Stdout, string Stderr, string AnsweredBy);
