using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// A Recorder event as the Sigma engine asks for it: one logsource (category and product) at a time, each Sigma field
/// read through <see cref="SigmaFieldMap"/>. A field the event lacks, or Recorder has no source for, is absent.
/// Reused for every event and category (<see cref="Reset"/>).
/// </summary>
internal sealed class RecorderSigmaFields : ISigmaEventFields
{
    private IEventFields _event = null!;
    private string _category = "";
    private string _product = "";

    /// <summary>Reads <paramref name="e"/> as <paramref name="category"/> of <paramref name="product"/> from now on.</summary>
    public RecorderSigmaFields Reset(IEventFields e, string category, string product)
    {
        _event = e;
        _category = category;
        _product = product;
        return this;
    }

    public SigmaLogSourceKey LogSource => SigmaCategories.KeyOf(_category, _product);

    public bool TryGetValue(string sigmaField, out SigmaValue value)
    {
        switch (SigmaFieldMap.Read(_category, sigmaField, _event, _product))
        {
            case string text:
                value = SigmaValue.FromString(text);
                return true;
            case long number:
                value = SigmaValue.FromInt64(number);
                return true;
            default:
                value = default;
                return false;
        }
    }
}
