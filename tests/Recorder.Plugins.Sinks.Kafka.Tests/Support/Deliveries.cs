namespace Recorder.Plugins.Sinks.Kafka.Tests.Support;

/// <summary>What a test checks in what arrived: every id, the order per key, duplicates.</summary>
public static class Deliveries
{
    /// <summary>Every event arrived at least once; returns the number of duplicates.</summary>
    public static int AssertEveryEventArrived(IReadOnlyCollection<RecorderEvent> sent, IReadOnlyList<Received> received)
    {
        var arrived = received.Select(r => r.EventId).ToHashSet();
        var missing = sent.Where(e => !arrived.Contains(e.Id)).Select(e => e.Id).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {sent.Count} events never arrived, first {string.Join(",", missing.Take(10))}");
        return received.Count(r => r.EventId > 0) - received.Where(r => r.EventId > 0).Select(r => r.EventId).Distinct().Count();
    }

    /// <summary>
    /// One process's events share one key and one partition, and arrive in the order they were written (first
    /// arrivals: a re-sent run repeats what came before it, it never reorders).
    /// </summary>
    /// <param name="sameGuids">Whether <paramref name="sent"/> has the process GUIDs the sink saw (not so for events another process made).</param>
    public static void AssertOrderedPerProcess(IReadOnlyCollection<RecorderEvent> sent, IReadOnlyList<Received> received, bool sameGuids = true)
    {
        var keyOf = sent.ToDictionary(e => e.Id, e => $"{KafkaTestSink.HostId}/{e.Process.ProcessGuid:D}");
        foreach (var r in received.Where(r => keyOf.ContainsKey(r.EventId)))
        {
            if (sameGuids) Assert.Equal(keyOf[r.EventId], r.Key);
            else Assert.StartsWith(KafkaTestSink.HostId + "/", r.Key);
        }
        foreach (var group in received.Where(r => keyOf.ContainsKey(r.EventId)).GroupBy(r => r.Key))
        {
            Assert.Single(group.Select(r => r.Partition).Distinct());
            var seen = new HashSet<long>();
            var last = long.MinValue;
            foreach (var r in group.OrderBy(r => r.Offset))
            {
                if (!seen.Add(r.EventId)) continue;
                Assert.True(r.EventId > last, $"key {group.Key}: event {r.EventId} arrived after {last}");
                last = r.EventId;
            }
        }
    }

    /// <summary>
    /// Prints the duplicates next to what the sink counted as sent again. Not asserted where brokers go down while
    /// requests are in flight: librdkafka's own retries have then (a few runs in ten, under load) left duplicates in
    /// the mock cluster that the sink never sent twice and cannot count. Loss and reordering must never happen, and
    /// are asserted everywhere.
    /// </summary>
    public static void ReportDuplicates(string test, int duplicates, FakePluginServices services) =>
        Console.WriteLine($"{test}: {duplicates} duplicates; sent again by the sink: {services.CounterValue("resent_after_error")} after errors, {services.CounterValue("resent_after_restart")} after a restart");
}
