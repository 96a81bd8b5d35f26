using System.Diagnostics;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task Sigkill_during_heavy_writes_loses_at_most_the_batch_in_flight_and_the_store_checks_ok()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var helper = typeof(CrashWriter).Assembly.Location;
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(helper);
        start.ArgumentList.Add("crash-writer");
        start.ArgumentList.Add(db);
        using var child = Process.Start(start)!;

        long reported = 0;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (reported < 40 * CrashWriter.BatchSize && DateTime.UtcNow < deadline)
        {
            var line = await child.StandardOutput.ReadLineAsync();
            if (line is null) break;
            if (line.StartsWith("committed ", StringComparison.Ordinal)) reported = long.Parse(line["committed ".Length..]);
        }
        if (reported < 40 * CrashWriter.BatchSize)
        {
            child.Kill();
            Assert.Fail($"helper did not write: {await child.StandardError.ReadToEndAsync()}");
        }

        child.Kill(); // SIGKILL on Linux: no chance to flush or close.
        await child.WaitForExitAsync();
        // Everything the helper reported before dying was committed.
        string? rest;
        while ((rest = await child.StandardOutput.ReadLineAsync()) is not null)
            if (rest.StartsWith("committed ", StringComparison.Ordinal)) reported = long.Parse(rest["committed ".Length..]);

        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
        var stored = StoreTestHelpers.Scalar(db, "SELECT count(*) FROM events");
        Assert.InRange(stored, reported, reported + CrashWriter.BatchSize);

        // The store opens for writing again and continues.
        var services = new FakePluginServices(dir.Path);
        var sink = StoreTestHelpers.Sink(db, services);
        await sink.WriteAsync(Events.Mix(DateTime.UtcNow, TimeSpan.FromMilliseconds(1), 500, seed: 7));
        await sink.ShutdownAsync(default);
        Assert.Equal(stored + 500, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM events"));
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }
}
