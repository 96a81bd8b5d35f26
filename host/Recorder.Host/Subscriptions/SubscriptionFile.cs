namespace Recorder.Host.Subscriptions;

/// <summary>
/// One parsed subscription file: its module, the subscriptions that are valid, and the errors of the others.
/// A subscription with an error is left out; the file's other subscriptions stay. Errors at the top of the
/// file (invalid YAML, no module) leave the whole file out.
/// </summary>
/// <param name="Path">The file, as given.</param>
/// <param name="Module">The module name, or null when the file could not be read that far.</param>
/// <param name="Subscriptions">Valid subscriptions, in file order (disabled ones included, see <see cref="Subscription.Enabled"/>).</param>
/// <param name="Errors">Every error found, in file order.</param>
public sealed record SubscriptionFile(string Path, string? Module, IReadOnlyList<Subscription> Subscriptions, IReadOnlyList<SubscriptionError> Errors)
{
    /// <summary>True when the file has no error.</summary>
    public bool IsValid => Errors.Count == 0;
}
