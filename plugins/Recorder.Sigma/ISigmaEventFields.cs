namespace Recorder.Sigma;

/// <summary>
/// An event's fields under the names Sigma rules use (<c>Image</c>, <c>CommandLine</c>, <c>TargetFilename</c>, ...),
/// implemented by whoever maps its own events to Sigma (the signals plugin, a test, the benchmark). The engine asks
/// only for the fields the candidate rules name; an implementation should answer without allocating (keep the
/// strings it already has, see <see cref="SigmaValue"/>).
/// </summary>
public interface ISigmaEventFields
{
    /// <summary>
    /// The value of <paramref name="sigmaField"/>, compared case-insensitively (Sigma field names are: use
    /// <see cref="StringComparer.OrdinalIgnoreCase"/>). False when the event has no such field; a rule's
    /// <c>null</c> and <c>|exists: false</c> match then.
    /// </summary>
    bool TryGetValue(string sigmaField, out SigmaValue value);

    /// <summary>
    /// The values that keyword selections (a list of strings without a field name) search, by index from 0 until
    /// false: typically every field value, or the raw record text. The default has none, so keyword rules never
    /// match.
    /// </summary>
    bool TryGetKeywordValue(int index, out SigmaValue value)
    {
        value = default;
        return false;
    }
}
