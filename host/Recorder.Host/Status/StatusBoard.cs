using System.Collections.Concurrent;

namespace Recorder.Host.Status;

/// <summary>
/// Everything <c>recorder status</c> shows: rows set by the host and plugins, counters, and health checks.
/// Thread-safe; writers never block readers for long.
/// </summary>
public sealed class StatusBoard
{
    private readonly ConcurrentDictionary<(string Domain, string Name), string> _rows = new();
    private readonly ConcurrentDictionary<(string Domain, string Name), Counter> _counters = new();
    private readonly ConcurrentDictionary<(string Domain, string Check), HealthCheck> _health = new();

    /// <summary>Sets a row.</summary>
    public void Set(string domain, string name, string value) => _rows[(domain, name)] = value;

    /// <summary>Removes a row.</summary>
    public void Remove(string domain, string name) => _rows.TryRemove((domain, name), out _);

    /// <summary>A counter, created on first use. Counters survive plugin reloads so totals keep growing.</summary>
    public Counter Counter(string domain, string name) => _counters.GetOrAdd((domain, name), _ => new Counter());

    /// <summary>Records the result of a health check.</summary>
    public void ReportHealth(string domain, string check, bool healthy, string detail) =>
        _health[(domain, check)] = new HealthCheck(domain, check, healthy, detail, DateTime.UtcNow);

    /// <summary>Current health checks.</summary>
    public IReadOnlyList<HealthCheck> HealthChecks => _health.Values.OrderBy(h => h.Domain).ThenBy(h => h.Check).ToArray();

    /// <summary>A snapshot of every row, counter and check, sorted by domain and name.</summary>
    public IReadOnlyList<StatusRow> Snapshot()
    {
        var rows = new List<StatusRow>(_rows.Count + _counters.Count + _health.Count);
        foreach (var (key, value) in _rows) rows.Add(new StatusRow(key.Domain, key.Name, value));
        foreach (var (key, counter) in _counters) rows.Add(new StatusRow(key.Domain, key.Name, counter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var check in _health.Values)
            rows.Add(new StatusRow(check.Domain, "health." + check.Check, (check.Healthy ? "ok" : "FAIL") + (check.Detail.Length > 0 ? ": " + check.Detail : "")));
        rows.Sort((a, b) => string.CompareOrdinal(a.Domain, b.Domain) is var d && d != 0 ? d : string.CompareOrdinal(a.Name, b.Name));
        return rows;
    }
}

/// <summary>A thread-safe monotonically increasing count.</summary>
public sealed class Counter : Recorder.Contracts.Plugins.IPluginCounter
{
    private long _value;
    /// <inheritdoc />
    public void Increment() => Interlocked.Increment(ref _value);
    /// <inheritdoc />
    public void Add(long value) => Interlocked.Add(ref _value, value);
    /// <inheritdoc />
    public long Value => Interlocked.Read(ref _value);
}

/// <summary>The last result of one health check.</summary>
public sealed record HealthCheck(string Domain, string Check, bool Healthy, string Detail, DateTime At);
