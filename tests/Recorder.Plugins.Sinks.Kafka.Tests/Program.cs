using Recorder.Plugins.Sinks.Kafka.Tests.Support;

namespace Recorder.Plugins.Sinks.Kafka.Tests;

/// <summary>
/// The test assembly doubles as a helper process for the test that SIGKILLs a sink with a backlog: run as
/// <c>dotnet Recorder.Plugins.Sinks.Kafka.Tests.dll spool-writer &lt;brokers&gt; &lt;folder&gt;</c>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "spool-writer") return SpoolWriter.Run(args[1], args[2]).GetAwaiter().GetResult();
        Console.Error.WriteLine("This is a test assembly: run it with `dotnet test`.");
        return 2;
    }
}

/// <summary>
/// Writes the first half of <see cref="Count"/> events and says <c>delivered</c> once Kafka has them all; on
/// <c>more</c> from stdin writes the second half and says <c>spooled</c>; then waits to be killed.
/// </summary>
internal static class SpoolWriter
{
    public const int Count = 4000;

    public static async Task<int> Run(string brokers, string folder)
    {
        var services = new FakePluginServices(folder);
        var sink = KafkaTestSink.Create(services, brokers, Path.Combine(folder, "spool"));
        var events = Events(DateTime.UtcNow.AddMinutes(-5));
        await sink.WriteAsync(events.Take(Count / 2));
        await KafkaTestSink.Eventually(() => sink.Backlog == 0, TimeSpan.FromSeconds(60));
        Console.Out.WriteLine(sink.Backlog == 0 ? "delivered" : "stuck " + sink.Backlog);
        Console.Out.Flush();
        if (Console.In.ReadLine() != "more") return 3;
        await sink.WriteAsync(events.Skip(Count / 2));
        Console.Out.WriteLine($"spooled {sink.Backlog}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>The helper's events: the same ids in the helper and the test (1..Count).</summary>
    public static List<RecorderEvent> Events(DateTime start)
    {
        var events = Recorder.Plugins.Sinks.Sqlite.Tests.Support.Events.Mix(start, TimeSpan.FromMilliseconds(1), Count, seed: 11).ToList();
        for (var i = 0; i < events.Count; i++) events[i].Id = i + 1;
        return events;
    }
}
