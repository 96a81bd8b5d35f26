namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// The test assembly doubles as a helper process for tests that must kill a writer: run as
/// <c>dotnet Recorder.Plugins.Sinks.Sqlite.Tests.dll crash-writer &lt;db&gt;</c>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "crash-writer") return CrashWriter.Run(args[1]);
        Console.Error.WriteLine("This is a test assembly: run it with `dotnet test`.");
        return 2;
    }
}

/// <summary>Writes batches as fast as it can and reports each committed total on stdout, until killed.</summary>
internal static class CrashWriter
{
    public const int BatchSize = 1000;

    public static int Run(string path)
    {
        var sink = StoreTestHelpers.Sink(path, new FakePluginServices(Path.GetDirectoryName(path)!));
        long committed = 0;
        var batch = new List<RecorderEvent>(BatchSize);
        foreach (var e in Events.Mix(DateTime.UtcNow.AddHours(-1), TimeSpan.FromMilliseconds(1), int.MaxValue))
        {
            batch.Add(e);
            if (batch.Count < BatchSize) continue;
            sink.WriteBatchAsync(batch, default).AsTask().GetAwaiter().GetResult();
            committed += batch.Count;
            batch.Clear();
            Console.Out.WriteLine($"committed {committed}");
            Console.Out.Flush();
        }
        return 0;
    }
}
