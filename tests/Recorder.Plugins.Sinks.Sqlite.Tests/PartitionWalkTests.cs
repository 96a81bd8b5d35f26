using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// Questions over five daily partitions: a busy path and a busy address touched twice a day, a rare path touched
/// once on the first day, and a late event (day 4, 20:00) written while day 5 was being recorded, so it sits in the
/// newest partition. Answers come newest first, stop at the limit, and read only the partitions they need.
/// </summary>
public sealed class PartitionWalkTests : IClassFixture<PartitionWalkTests.History>
{
    public sealed class History : IDisposable
    {
        public static readonly DateTime Day0 = new(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc);
        public const string Busy = "/etc/busy.conf", Rare = "/etc/rare.conf", Remote = "10.9.9.9";
        private readonly TempDirectory _dir = new();

        public History()
        {
            Path = _dir.File("recorder.db");
            var editor = Events.Process(4000, "/usr/bin/vi", "vi /etc/busy.conf", "alice", null, Day0);
            var sink = StoreTestHelpers.Sink(Path, new FakePluginServices(_dir.Path));
            for (var day = 0; day < 5; day++)
            {
                var batch = new List<RecorderEvent>();
                if (day == 0) batch.Add(Events.File(EventSchemas.FileRead, editor, Day0.AddHours(9), Rare));
                foreach (var hour in new[] { 10, 14 })
                {
                    batch.Add(Events.File(EventSchemas.FileWrite, editor, Day0.AddDays(day).AddHours(hour), Busy));
                    batch.Add(Events.Connect(editor, Day0.AddDays(day).AddHours(hour).AddMinutes(1), Remote, 443));
                }
                if (day == 4) batch.Add(Events.File(EventSchemas.FileWrite, editor, Day0.AddDays(3).AddHours(20), Busy)); // late
                sink.WriteBatchAsync(batch, default).AsTask().GetAwaiter().GetResult();
            }
            sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
        }

        public string Path { get; }
        public void Dispose() => _dir.Dispose();
    }

    private readonly History _h;
    public PartitionWalkTests(History history) => _h = history;

    private static List<string> Times(QueryResult result) => result.ToList().Select(r => (string)r[result.Columns.ToList().IndexOf("time")]!).ToList();
    private static string T(int day, int hour, int minute = 0) => FoundEvent.FormatTime(History.Day0.AddDays(day).AddHours(hour).AddMinutes(minute).Ticks);

    [Fact]
    public void The_history_spans_five_partitions()
    {
        using var store = RecorderStore.Open(_h.Path);
        Assert.Equal(5, store.Partitions.Count);
    }

    [Fact]
    public void File_answers_newest_first_and_stops_at_the_limit_reading_only_the_newest_partitions()
    {
        using var store = RecorderStore.Open(_h.Path);
        var queries = new StoreQueries(store);
        var limited = queries.File(History.Busy, limit: 3);
        // The late event of day 3 sits in the newest partition and takes its place in time.
        Assert.Equal([T(4, 14), T(4, 10), T(3, 20)], Times(limited));
        Assert.Contains("newest 3 rows", limited.Note);
        // Only day 3's partition is read besides the newest (to learn that more rows exist); days 0 to 2 are never read.
        Assert.True(queries.PartitionsRead <= 2, $"read {queries.PartitionsRead} partitions");

        var all = queries.File(History.Busy);
        Assert.Equal(11, Times(all).Count);
        Assert.Equal(Times(all).OrderByDescending(t => t, StringComparer.Ordinal), Times(all));
        Assert.Null(all.Note);
    }

    [Fact]
    public void A_path_seen_only_in_the_oldest_partition_is_found()
    {
        using var store = RecorderStore.Open(_h.Path);
        var rare = new StoreQueries(store).File(History.Rare);
        Assert.Equal([T(0, 9)], Times(rare));
        Assert.Equal("file.read", rare.ToList()[0][1]);
    }

    [Fact]
    public void Since_and_until_bound_the_answer_and_the_partitions_read()
    {
        using var store = RecorderStore.Open(_h.Path);
        var queries = new StoreQueries(store);
        var window = queries.File(History.Busy, since: History.Day0.AddDays(1), until: History.Day0.AddDays(2).AddHours(12));
        Assert.Equal([T(2, 10), T(1, 14), T(1, 10)], Times(window));
        Assert.Equal(2, queries.PartitionsRead);

        var net = queries.Network(remoteAddress: History.Remote, since: History.Day0.AddDays(4));
        Assert.Equal([T(4, 14, 1), T(4, 10, 1)], Times(net));
        Assert.Equal(1, queries.PartitionsRead);
    }

    [Fact]
    public void Net_by_remote_answers_newest_first_across_partitions()
    {
        using var store = RecorderStore.Open(_h.Path);
        var queries = new StoreQueries(store);
        var net = queries.Network(remoteAddress: History.Remote, limit: 3);
        Assert.Equal([T(4, 14, 1), T(4, 10, 1), T(3, 14, 1)], Times(net));
        Assert.Equal("10.9.9.9:443", net.ToList()[0][4]);
        Assert.NotNull(net.Note);
        Assert.Equal(10, queries.Network(remoteAddress: History.Remote).ToList().Count);
    }

    [Fact]
    public void Timeline_starts_at_since_and_stops_at_the_limit()
    {
        using var store = RecorderStore.Open(_h.Path);
        var queries = new StoreQueries(store);
        var timeline = queries.Timeline(History.Day0, History.Day0.AddDays(10), limit: 3);
        Assert.Equal([T(0, 9), T(0, 10), T(0, 10, 1)], Times(timeline));
        Assert.Equal(1, queries.PartitionsRead);
    }
}

/// <summary>The partition being written has no secondary indexes yet (a crash may also leave one so): it is searched all the same.</summary>
public sealed class UnindexedPartitionTests
{
    [Fact]
    public async Task A_partition_without_its_indexes_is_still_searched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("recorder.db");
        var day = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        var proc = Events.Process(5000, "/usr/bin/cp", "cp a b", "bob", null, day);
        var sink = StoreTestHelpers.Sink(path, new FakePluginServices(dir.Path));
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, day.AddHours(1), "/srv/a")], default);
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, day.AddDays(1).AddHours(1), "/srv/a"),
                                    Events.Connect(proc, day.AddDays(1).AddHours(2), "192.0.2.7", 22)], default);
        try
        {
            // The writer is still in day 2's partition: its indexes are built only when the writer leaves it.
            using var store = RecorderStore.Open(path);
            var queries = new StoreQueries(store);
            Assert.Equal(2, store.Partitions.Count);
            Assert.Equal(2, queries.File("/srv/a").ToList().Count);
            Assert.Single(queries.Network(remoteAddress: "192.0.2.7").ToList());
            Assert.Single(queries.Network(process: proc.Guid).ToList());
        }
        finally
        {
            await sink.ShutdownAsync(default);
        }
    }
}
