using System.Text;
using Recorder.Contracts.Events;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// A subscription's compiled include and exclude filters. An event passes when it matches at least one
/// include filter (or there are none) and no exclude filter: exclude wins. A filter matches when all its
/// terms do. A filter that names a type-specific field the event's type lacks does not match that event.
/// </summary>
/// <remarks>
/// Field names are resolved to ordinals once per <see cref="EventSchema"/> and cached, so
/// <see cref="Matches"/> does no lookup by name and allocates nothing after the first event of each type.
/// </remarks>
public sealed class EventFilter
{
    private readonly FilterTerm[][]? _include;
    private readonly FilterTerm[][] _exclude;
    private readonly object _planGate = new();
    // Copy-on-write list of per-type plans: a handful of types per subscription, so a scan by reference beats
    // a hash lookup, and readers never lock.
    private volatile SchemaPlan[] _plans = [];

    /// <summary>A filter that lets every event through.</summary>
    public static EventFilter MatchAll { get; } = new(null, Array.Empty<FilterTerm[]>());

    /// <summary>Creates a filter. <paramref name="include"/> null means "everything".</summary>
    internal EventFilter(FilterTerm[][]? include, FilterTerm[][] exclude)
    {
        _include = include;
        _exclude = exclude;
        IsMatchAll = include is null && exclude.Length == 0;
    }

    /// <summary>True when there is nothing to check.</summary>
    public bool IsMatchAll { get; }

    /// <summary>The include filters (ORed; each one's terms ANDed), or null when everything is included.</summary>
    public IReadOnlyList<IReadOnlyList<FilterTerm>>? Include => _include;

    /// <summary>The exclude filters (ORed; each one's terms ANDed).</summary>
    public IReadOnlyList<IReadOnlyList<FilterTerm>> Exclude => _exclude;

    /// <summary>True when the event passes: included (or no include filters) and not excluded.</summary>
    public bool Matches(RecorderEvent recorderEvent)
    {
        if (IsMatchAll) return true;
        var plan = PlanFor(recorderEvent.Schema);
        if (plan.Include is { } include && !AnyMatches(include, recorderEvent)) return false;
        return !AnyMatches(plan.Exclude, recorderEvent);
    }

    /// <summary>
    /// The same decision as <see cref="Matches"/>, made the slow, obvious way: every field looked up by name
    /// through <see cref="RecorderEvent.TryGetValue"/> on every call. The reference that tests compare the
    /// fast path with, and the baseline of <c>recorder subscriptions bench</c>.
    /// </summary>
    public bool MatchesUsingNameLookup(RecorderEvent recorderEvent)
    {
        if (_include is not null && !AnyMatchesByName(_include, recorderEvent)) return false;
        return !AnyMatchesByName(_exclude, recorderEvent);
    }

    private static bool AnyMatchesByName(FilterTerm[][] filters, RecorderEvent e)
    {
        foreach (var terms in filters)
        {
            var all = true;
            foreach (var term in terms)
            {
                if (term.MatchesByName(e) is not true) { all = false; break; }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>
    /// True when no event of this type can pass, because every include filter names a field the type lacks.
    /// Lets the pipeline skip the type altogether.
    /// </summary>
    public bool NeverMatches(EventSchema schema) =>
        !IsMatchAll && PlanFor(schema).Include is { Length: 0 };

    /// <summary>The filter as text, one line per filter, for status and the check command.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (_include is null) text.Append("include: everything\n");
        foreach (var filter in _include ?? []) text.Append("include: ").AppendJoin(" and ", (IEnumerable<FilterTerm>)filter).Append('\n');
        foreach (var filter in _exclude) text.Append("exclude: ").AppendJoin(" and ", (IEnumerable<FilterTerm>)filter).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    private static bool AnyMatches(BoundFilter[] filters, RecorderEvent e)
    {
        foreach (var filter in filters)
            if (filter.Matches(e)) return true;
        return false;
    }

    private SchemaPlan PlanFor(EventSchema schema)
    {
        var plans = _plans;
        for (var i = 0; i < plans.Length; i++)
            if (ReferenceEquals(plans[i].Schema, schema)) return plans[i];
        lock (_planGate)
        {
            foreach (var known in _plans)
                if (ReferenceEquals(known.Schema, schema)) return known;
            var plan = new SchemaPlan(schema, _include is null ? null : Bind(_include, schema), Bind(_exclude, schema));
            _plans = [.. _plans, plan];
            return plan;
        }
    }

    // Keeps the filters whose every field exists in the schema, with type-specific fields resolved to ordinals.
    private static BoundFilter[] Bind(FilterTerm[][] filters, EventSchema schema)
    {
        var bound = new List<BoundFilter>(filters.Length);
        foreach (var terms in filters)
        {
            var slots = new int[terms.Length];
            var complete = true;
            for (var i = 0; i < terms.Length && complete; i++)
            {
                if (terms[i].IsCommonField) slots[i] = -1;
                else if (schema.TryGetField(terms[i].Field, out var field) && field.Type == terms[i].FieldType) slots[i] = field.Ordinal;
                else complete = false;
            }
            if (complete) bound.Add(new BoundFilter(terms, slots));
        }
        return bound.ToArray();
    }

    private sealed record SchemaPlan(EventSchema Schema, BoundFilter[]? Include, BoundFilter[] Exclude);

    private sealed class BoundFilter(FilterTerm[] terms, int[] slots)
    {
        public bool Matches(RecorderEvent e)
        {
            for (var i = 0; i < terms.Length; i++)
                if (!terms[i].Matches(e, slots[i])) return false;
            return true;
        }
    }
}
