using Recorder.Plugins.Enrichers.Process.Linux;
using Recorder.Plugins.Enrichers.Process.ProcessTable;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>Retention, bounds and collector-set GUIDs.</summary>
public sealed class ProcessTableTests
{
    [Fact]
    public async Task An_exited_process_resolves_for_late_events_until_its_retention_ends()
    {
        using var services = new TestPluginServices(new ProcessEnricherOptions { ExitedRetentionSeconds = 30 });
        await using var chain = await EnricherChain.StartAsync(services);
        using var p = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        var guid = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, p.Id)).Process.ProcessGuid;
        var whileRunning = DateTime.UtcNow;
        p.Kill();
        p.WaitForExit();
        var exitTime = DateTime.UtcNow;
        chain.Enrich(RealProcess.BareEventFor(EventSchemas.ProcessExit, p.Id, exitTime));

        var table = chain.ProcessTable.Table;
        table.Maintain(exitTime.AddSeconds(10));
        var late = chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileWrite, p.Id, whileRunning)).Process;
        Assert.Equal(guid, late.ProcessGuid);
        Assert.Equal("/usr/bin/sleep", late.Executable);

        var (_, evicted) = table.Maintain(exitTime.AddSeconds(31));
        Assert.True(evicted >= 1);
        Assert.DoesNotContain(table.ExportEntries(), e => e.Guid == guid);
    }

    [Fact]
    public async Task The_table_stays_within_its_bound_by_evicting_the_oldest_exited_processes()
    {
        using var services = new TestPluginServices(new ProcessEnricherOptions { MaxTrackedProcesses = 1000 });
        await using var chain = await EnricherChain.StartAsync(services);
        var table = chain.ProcessTable.Table;
        var runningBefore = table.ExportEntries().Where(e => e.IsRunning).Select(e => (e.Pid, e.StartTicks)).ToList();
        var t0 = DateTime.UtcNow;
        for (var i = 0; i < 5000; i++)
        {
            var entry = table.Track(10_000_000 + i, 1, 1_000_000 + i, "/usr/bin/true", "true", 0);
            table.OnProcessExit(entry, t0.AddMilliseconds(i));
        }
        Assert.True(table.Count >= 5000);
        table.Maintain(t0.AddSeconds(6)); // within retention: only the bound evicts
        Assert.True(table.Count <= 1000, $"count {table.Count}");
        // No running process was evicted: every one /proc still shows (same PID and start) is still held as running.
        // (Others on the machine may exit meanwhile, and maintenance rightly marks those exited.)
        foreach (var (pid, startTicks) in runningBefore)
            if (ProcFs.TryReadStat(pid, out var stat) && stat.StartTicks == startTicks)
                Assert.True(table.IsRunning(pid, startTicks), $"running process {pid} was evicted");
        // The newest exited survive.
        Assert.Contains(table.ExportEntries(), e => e.Pid == 10_000_000 + 4999);
        Assert.DoesNotContain(table.ExportEntries(), e => e.Pid == 10_000_000);
    }

    [Fact]
    public async Task Maintenance_finds_a_process_whose_exit_event_was_lost()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        using var p = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        var guid = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, p.Id)).Process.ProcessGuid;
        p.Kill();
        p.WaitForExit();
        var table = chain.ProcessTable.Table;
        Assert.Contains(table.ExportEntries(), e => e.Guid == guid && e.IsRunning);
        var (marked, _) = table.Maintain(DateTime.UtcNow);
        Assert.True(marked >= 1);
        Assert.Contains(table.ExportEntries(), e => e.Guid == guid && !e.IsRunning);
    }

    [Fact]
    public async Task The_start_time_is_when_the_process_started()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        var spawned = DateTime.UtcNow;
        using var p = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        try
        {
            var start = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, p.Id)).Process.StartTime!.Value;
            // 10 ms ticks and a boot time estimated from the uptime (10 ms resolution).
            Assert.InRange(start, spawned.AddMilliseconds(-50), DateTime.UtcNow.AddMilliseconds(50));
            Assert.Equal(DateTimeKind.Utc, start.Kind);
        }
        finally
        {
            p.Kill();
        }
    }

    [Fact]
    public async Task A_forked_child_seen_before_its_exec_keeps_its_guid_when_the_exec_arrives_after_it_exited()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        // The subshell forks, writes (a redirection, before any exec), then execs true and is gone.
        using var top = RealProcess.StartBash("( /usr/bin/sleep 0.5; exec /usr/bin/true ); true");
        var subshell = RealProcess.WaitFor(() => RealProcess.Children(top.Id).Cast<int?>().FirstOrDefault(), "the subshell");
        var write = chain.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, subshell)).Process;
        // The exec happens after this moment (the subshell is still sleeping). An event carries the time its
        // syscall happened, not the time it is enriched: by then the PID may belong to a newer process (PIDs are
        // reused in any order), which only the event's own time tells apart.
        var beforeExec = DateTime.UtcNow;
        await top.WaitForExitAsync();

        // The collector's exec event, enriched after the process exited.
        var exec = new RecorderEvent(EventSchemas.ProcessStart) { Time = beforeExec };
        exec.Process.Pid = subshell;
        exec.Process.ParentPid = top.Id;
        exec.Process.Executable = "/usr/bin/true";
        exec.Process.CommandLine = "/usr/bin/true";
        chain.Enrich(exec);
        Assert.Equal(write.ProcessGuid, exec.Process.ProcessGuid);
        Assert.Equal(write.ParentProcessGuid, exec.Process.ParentProcessGuid);
        // Its later events (the exit) show the new image.
        var exit = chain.Enrich(RealProcess.BareEventFor(EventSchemas.ProcessExit, subshell)).Process;
        Assert.Equal(("/usr/bin/true", write.ProcessGuid), (exit.Executable, exit.ProcessGuid));
    }

    [Fact]
    public async Task A_command_line_cut_by_audit_proctitle_is_completed_from_the_table()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        var longArgument = new string('x', 300);
        using var p = RealProcess.StartBash("/usr/bin/sleep 60; true", null, "name", longArgument);
        try
        {
            RealProcess.WaitForChild(p.Id, "sleep");
            var full = RealProcess.EventFor(EventSchemas.FileWrite, p.Id).Process.CommandLine!;
            var e = RealProcess.EventFor(EventSchemas.FileWrite, p.Id);
            e.Process.CommandLine = full[..128]; // what PROCTITLE gives on a non-exec event
            Assert.Equal(full, chain.Enrich(e).Process.CommandLine);
            Assert.EndsWith(longArgument, full);
        }
        finally
        {
            RealProcess.Kill(p.Id);
        }
    }

    [Fact]
    public async Task A_guid_set_by_the_collector_is_kept()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        var own = Guid.NewGuid();
        var e = RealProcess.EventFor(EventSchemas.FileWrite, Environment.ProcessId);
        e.Process.ProcessGuid = own;
        chain.Enrich(e);
        Assert.Equal(own, e.Process.ProcessGuid);
        Assert.NotEqual(Guid.Empty, e.Process.ParentProcessGuid);
    }

    [Fact]
    public async Task The_process_table_asks_for_the_event_types_it_needs()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        Assert.Equal(new[] { EventTypes.ProcessStart, EventTypes.ProcessExit }, chain.ProcessTable.RequiredEventTypes);
        Assert.True(chain.ProcessTable.TrackedProcesses > 0);
        Assert.Equal(chain.ProcessTable.Table.Guids.BootId.ToString(), File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim());
    }
}
