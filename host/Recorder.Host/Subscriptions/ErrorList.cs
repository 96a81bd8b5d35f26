using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Subscriptions;

/// <summary>Collects errors for one file, each at the position of the node it concerns.</summary>
internal sealed class ErrorList(string file)
{
    private readonly List<SubscriptionError> _errors = new();
    private int _unreported;

    public string File { get; } = file;
    /// <summary>Problems found so far, including those deliberately not reported (see <see cref="MarkInvalid"/>).</summary>
    public int Count => _errors.Count + _unreported;
    public IReadOnlyList<SubscriptionError> Errors => _errors;

    /// <summary>Counts a problem that another error already explains, so the item is still left out.</summary>
    public void MarkInvalid() => _unreported++;

    public void Add(YamlNode node, string message) => Add(node.Start, message);

    public void Add(Mark mark, string message) => _errors.Add(new SubscriptionError(File, (int)mark.Line, (int)mark.Column, message));

    public void Add(int line, int column, string message) => _errors.Add(new SubscriptionError(File, line, column, message));
}
