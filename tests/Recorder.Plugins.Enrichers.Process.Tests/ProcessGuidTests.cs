using Recorder.Plugins.Enrichers.Process.ProcessTable;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>GUIDs of real processes: PID reuse forced for real, and a restart of the recorder.</summary>
[Collection(PidReuse.Collection)] // forces PID reuse: must not turn other tests' exited PIDs into reused ones
public sealed class ProcessGuidTests
{
    [Fact]
    public void Guid_layout_reads_back_the_pid_and_start_time_and_starts_with_the_boot_id()
    {
        var boot = Guid.Parse("91282cc7-fe2d-427c-b316-b2076378a264");
        var factory = new ProcessGuidFactory(boot);
        var guid = factory.Create(4242, 80694);
        Assert.Equal("91282cc7-0000-0001-3b36-fe2d00001092", guid.ToString());
        Assert.Equal((4242, 80694L), ProcessGuidFactory.Decode(guid));
        Assert.NotEqual(guid, factory.Create(4242, 80695));
        Assert.NotEqual(guid, new ProcessGuidFactory(Guid.NewGuid()).Create(4242, 80694));
    }

    [KernelAuditFact] // needs root: writes /proc/sys/kernel/ns_last_pid
    public async Task Two_processes_that_really_reuse_a_pid_get_two_guids_and_late_events_keep_the_first()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        using var first = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        var pid = first.Id;
        int second = 0;
        try
        {
            var startA = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, pid));
            var guidA = startA.Process.ProcessGuid;
            Assert.NotEqual(Guid.Empty, guidA);
            Assert.Equal(guidA, chain.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, pid)).Process.ProcessGuid);
            var whileRunning = DateTime.UtcNow;

            first.Kill();
            first.WaitForExit();
            chain.Enrich(RealProcess.BareEventFor(EventSchemas.ProcessExit, pid));

            // The kernel dates a process start in clock ticks (10 ms), which the GUID carries. A PID only comes back
            // after pid_max forks, far more than 10 ms later; forced reuse must respect the same gap to be real.
            Thread.Sleep(30);
            second = PidReuse.StartSleepWithPid(pid);
            Assert.Equal(pid, second);
            var startB = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, pid));
            var guidB = startB.Process.ProcessGuid;

            Assert.NotEqual(guidA, guidB);
            Assert.Equal(pid, ProcessGuidFactory.Decode(guidA).Pid);
            Assert.Equal(pid, ProcessGuidFactory.Decode(guidB).Pid);
            Assert.True(startB.Process.StartTime > startA.Process.StartTime);
            // A late event of the first process (its time is before its exit) still resolves to it.
            Assert.Equal(guidA, chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileRead, pid, whileRunning)).Process.ProcessGuid);
            // And a current one to the second.
            Assert.Equal(guidB, chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileRead, pid)).Process.ProcessGuid);
        }
        finally
        {
            if (second > 0) RealProcess.Kill(second);
        }
    }

    [KernelAuditFact]
    public async Task A_reused_pid_is_noticed_even_when_the_exit_event_was_lost()
    {
        using var services = new TestPluginServices();
        await using var chain = await EnricherChain.StartAsync(services);
        using var first = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        var pid = first.Id;
        int second = 0;
        try
        {
            var guidA = chain.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, pid)).Process.ProcessGuid;
            first.Kill();
            first.WaitForExit();
            // No process.exit: the collector dropped it.
            // The kernel dates a process start in clock ticks (10 ms), which the GUID carries. A PID only comes back
            // after pid_max forks, far more than 10 ms later; forced reuse must respect the same gap to be real.
            Thread.Sleep(30);
            second = PidReuse.StartSleepWithPid(pid);

            // The new holder is first seen through a file event (it forked without exec from the table's view).
            var write = chain.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, pid));
            Assert.True(guidA != write.Process.ProcessGuid,
                $"same guid {guidA}; event ppid {write.Process.ParentPid}, test host {Environment.ProcessId}, /proc stat: {File.ReadAllText($"/proc/{pid}/stat")}");
            Assert.Equal(pid, write.Process.Pid);

            // The first is now held as exited, for its own late events.
            var entries = chain.ProcessTable.Table.ExportEntries();
            Assert.Contains(entries, e => e.Guid == guidA && !e.IsRunning);
        }
        finally
        {
            if (second > 0) RealProcess.Kill(second);
        }
    }

    [Fact]
    public async Task A_restart_keeps_the_guids_of_running_processes_and_reports_what_changed_while_down()
    {
        using var services = new TestPluginServices();
        using var survivor = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        using var dies = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        System.Diagnostics.Process? born = null;
        try
        {
            var chain1 = await EnricherChain.StartAsync(services);
            var before = chain1.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, survivor.Id)).Process;
            var diesGuid = chain1.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, dies.Id)).Process.ProcessGuid;
            var diesWhileRunning = DateTime.UtcNow;
            await chain1.StopAsync();
            Assert.True(File.Exists(Path.Combine(services.DataDirectory, "process-table.snapshot")));

            // While the recorder is down: one process exits, one starts.
            dies.Kill();
            dies.WaitForExit();
            born = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");

            await using var chain2 = await EnricherChain.StartAsync(services); // a new instance, same data folder
            var after = chain2.Enrich(RealProcess.EventFor(EventSchemas.FileWrite, survivor.Id)).Process;
            Assert.Equal(before.ProcessGuid, after.ProcessGuid);
            Assert.Equal(before.ParentProcessGuid, after.ParentProcessGuid);
            Assert.Equal(before.StartTime, after.StartTime);

            var downtime = chain2.ProcessTable.Downtime;
            Assert.True(downtime.SnapshotFound);
            Assert.True(downtime.SameBoot);
            Assert.True(downtime.ExitedWhileDown >= 1, $"exited while down: {downtime}");
            Assert.True(downtime.StartedWhileDown >= 1, $"started while down: {downtime}");
            Assert.True(downtime.StillRunning >= 2, $"still running: {downtime}");
            Assert.Equal(downtime.ExitedWhileDown.ToString(), services.Diagnostics.Status["downtime_exited"]);
            Assert.Equal(downtime.StartedWhileDown.ToString(), services.Diagnostics.Status["downtime_started"]);

            // A late event of the process that exited while we were down still resolves to its GUID.
            Assert.Equal(diesGuid, chain2.Enrich(RealProcess.BareEventFor(EventSchemas.FileWrite, dies.Id, diesWhileRunning)).Process.ProcessGuid);
        }
        finally
        {
            survivor.Kill();
            if (born is not null) { born.Kill(); born.Dispose(); }
        }
    }

    [Fact]
    public async Task A_hot_reload_successor_takes_over_the_table_from_the_hand_over_state()
    {
        using var services = new TestPluginServices();
        using var other = new TestPluginServices(); // a different, empty data folder: only the hand-over carries state
        using var sleeper = System.Diagnostics.Process.Start("/usr/bin/sleep", "60");
        try
        {
            var chain1 = await EnricherChain.StartAsync(services);
            var guid = chain1.Enrich(RealProcess.EventFor(EventSchemas.ProcessStart, sleeper.Id)).Process.ProcessGuid;
            var state = await chain1.StopAsync();
            Assert.NotNull(state);

            await using var chain2 = await EnricherChain.StartAsync(other, state);
            Assert.True(chain2.ProcessTable.Downtime.SnapshotFound);
            Assert.Equal(guid, chain2.Enrich(RealProcess.BareEventFor(EventSchemas.FileRead, sleeper.Id)).Process.ProcessGuid);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public async Task A_damaged_snapshot_is_reported_by_file_name_and_the_enricher_still_starts()
    {
        using var services = new TestPluginServices();
        var path = Path.Combine(services.DataDirectory, "process-table.snapshot");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        await using var chain = await EnricherChain.StartAsync(services);
        Assert.False(chain.ProcessTable.Downtime.SnapshotFound);
        Assert.Contains(services.Diagnostics.Logs, l => l.Level == Contracts.Plugins.PluginLogLevel.Warning && l.Message.Contains(path));
        Assert.NotEqual(Guid.Empty, chain.Enrich(RealProcess.BareEventFor(EventSchemas.FileRead, Environment.ProcessId)).Process.ProcessGuid);
    }
}
