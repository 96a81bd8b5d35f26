using System.Diagnostics;
using System.Globalization;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Benchmarks.Audit;

/// <summary>
/// The live benchmark: an open() loop (a tiny C program compiled at run time) under one audit rule, read first by
/// a minimal C reader that receives and discards (the ceiling), then by the recorder's own receive path and
/// pipeline (netlink source → parser → assembler → normaliser → a counting sink), in the same run. Reports events
/// per second, kernel lost, user-space drops and the recorder's CPU microseconds per event.
/// Usage: live [--seconds N] [--rounds N] [--backlog-wait-time JIFFIES] [--work DIR]. Needs root; stops auditd for the run
/// and restores it, the kernel settings and the rules afterwards.
/// </summary>
public static class LiveBenchmark
{
    private const string RuleKey = "recorder-bench";

    public static int Run(string[] args)
    {
        var seconds = IntOption(args, "--seconds", 3);
        var rounds = IntOption(args, "--rounds", 3);
        var backlogWait = (uint)IntOption(args, "--backlog-wait-time", 15000);
        var work = StringOption(args, "--work", "/tmp/recorder-live-bench");
        Directory.CreateDirectory(work);
        var openLoop = Compile(work, "openloop", OpenLoopSource);
        var reader = Compile(work, "minreader", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "min-audit-reader.c")));

        // The kernel's audit state is machine-wide: take the lock the kernel-audit tests take.
        using var machineLock = new FileStream(Path.Combine(Path.GetTempPath(), "recorder-kernel-audit.lock"), FileMode.OpenOrCreate,
            FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None); // never deleted: a waiter could lock an unlinked file
        var auditd = new AuditdService();
        var auditdWasRunning = auditd.IsRunning;
        if (auditdWasRunning) auditd.Stop(TimeSpan.FromSeconds(10));
        using var control = AuditControlSocket.Open();
        var before = control.GetStatus();
        var rule = AuditRuleEncoder.Encode(AuditRuleParser.Parse($"-a always,exit -F arch=b64 -S openat -F exe={openLoop} -k {RuleKey}"));
        try
        {
            control.SetStatus(new AuditStatusChange { Enabled = 1, BacklogLimit = 8192, BacklogWaitTime = backlogWait });
            Console.WriteLine($"live benchmark: {seconds} s per phase, backlog_limit 8192, backlog_wait_time {backlogWait}, {Environment.ProcessorCount} cores, kernel {Environment.OSVersion.Version}");

            var unaudited = RunLoop(openLoop, seconds);
            Console.WriteLine($"  open() loop, no rule:             {unaudited / (double)seconds,12:N0} opens/s");

            control.AddRule(rule);
            // Rounds interleave the three readers, so that load from other work on the machine falls on all of
            // them alike; the medians are reported.
            var ceilings = new List<Phase>();
            var receives = new List<Phase>();
            var recorders = new List<Phase>();
            for (var round = 1; round <= rounds; round++)
            {
                ceilings.Add(MeasureCeiling(control, reader, openLoop, seconds));
                receives.Add(MeasureRecorder(control, openLoop, seconds, pipelineOn: false));
                recorders.Add(MeasureRecorder(control, openLoop, seconds, pipelineOn: true));
                Console.WriteLine($"  round {round}: ceiling {ceilings[^1].EventsPerSecond:N0}/s, receive only {receives[^1].EventsPerSecond:N0}/s, recorder {recorders[^1].EventsPerSecond:N0}/s ({recorders[^1].CpuMicrosecondsPerEvent:N2} µs/event)");
            }
            var ceiling = Median(ceilings);
            var receiveOnly = Median(receives);
            var recorder = Median(recorders);

            Console.WriteLine($"medians of {rounds} rounds:");
            Console.WriteLine($"  minimal C reader (ceiling):       {ceiling.EventsPerSecond,12:N0} events/s  {ceiling.RecordsPerSecond,12:N0} records/s  kernel lost {ceiling.KernelLost}  CPU {ceiling.CpuMicrosecondsPerEvent:N2} µs/event");
            Console.WriteLine($"  recorder receive path only:       {receiveOnly.EventsPerSecond,12:N0} events/s  {receiveOnly.RecordsPerSecond,12:N0} records/s  kernel lost {receiveOnly.KernelLost}  CPU {receiveOnly.CpuMicrosecondsPerEvent:N2} µs/event");
            Console.WriteLine($"  recorder pipeline → sink:         {recorder.EventsPerSecond,12:N0} events/s  {recorder.RecordsPerSecond,12:N0} records/s  kernel lost {recorder.KernelLost}  user-space drops {recorder.UserSpaceDrops}  socket overflows {recorder.SocketOverflows}");
            Console.WriteLine($"  recorder / ceiling:               {recorder.EventsPerSecond / ceiling.EventsPerSecond,12:P1}");
            Console.WriteLine($"  recorder CPU per event:           {recorder.CpuMicrosecondsPerEvent,12:N2} µs  (vs {ceiling.CpuMicrosecondsPerEvent:N2} µs for the minimal reader)");
            Console.WriteLine($"  kernel lost, all rounds:          ceiling {ceilings.Sum(p => p.KernelLost)}, receive only {receives.Sum(p => p.KernelLost)}, recorder {recorders.Sum(p => p.KernelLost)}; user-space drops {recorders.Sum(p => p.UserSpaceDrops)}");
            return 0;
        }
        finally
        {
            try { control.DeleteRule(rule); } catch (AuditNetlinkException) { }
            control.SetStatus(new AuditStatusChange { Enabled = before.Enabled, BacklogLimit = before.BacklogLimit, BacklogWaitTime = before.BacklogWaitTime });
            if (auditdWasRunning) auditd.Start(TimeSpan.FromSeconds(10));
        }
    }

    private sealed record Phase(double EventsPerSecond, double RecordsPerSecond, long KernelLost, long Events,
        long UserSpaceDrops = 0, long SocketOverflows = 0, double CpuSeconds = 0, double CpuMicrosecondsPerEvent = 0);

    // The round with the median delivered rate (its other figures come with it).
    private static Phase Median(List<Phase> phases) => phases.OrderBy(p => p.EventsPerSecond).ElementAt(phases.Count / 2);

    private static Phase MeasureCeiling(AuditControlSocket control, string reader, string openLoop, int seconds)
    {
        using var process = Process.Start(new ProcessStartInfo(reader) { RedirectStandardOutput = true })!;
        WaitUntil(() => control.GetStatus().Pid == process.Id, "the minimal reader to become the audit daemon");
        var lostBefore = control.GetStatus().Lost;
        var opens = RunLoop(openLoop, seconds);
        Thread.Sleep(500); // drain
        var lost = control.GetStatus().Lost - lostBefore;
        var readerCpu = ProcessCpuSeconds(process.Id);
        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        var records = long.Parse(process.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        process.WaitForExit();
        return new Phase(opens / (double)seconds, records / (double)seconds, lost, opens, CpuSeconds: readerCpu,
            CpuMicrosecondsPerEvent: readerCpu * 1e6 / Math.Max(1, opens));
    }

    /// <summary>utime + stime of another process from /proc (clock ticks of 10 ms).</summary>
    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// The recorder's netlink source feeding either the full pipeline (records → typed events → counting sink) or a
    /// handler that only counts records (the cost of receiving alone). One warm-up second first, so that JIT
    /// compilation is not measured.
    /// </summary>
    private static Phase MeasureRecorder(AuditControlSocket control, string openLoop, int seconds, bool pipelineOn)
    {
        var sink = new CountingSink();
        var pipeline = new EventWriterRecordHandler(sink, new HashSet<string> { EventTypes.FileRead }, ["recorder"]);
        var counter = new RecordCounter();
        IAuditRecordHandler handler = pipelineOn ? pipeline : counter;
        using var source = new NetlinkAuditSource(AuditReceiveSocket.OpenUnicast());
        source.Start(handler);
        RunLoop(openLoop, 1);
        WaitUntil(() => source.QueuedBytes == 0, "warm-up to drain", 3000);
        Thread.Sleep(300);

        var eventsBefore = pipelineOn ? sink.Count : counter.Events;
        var recordsBefore = source.Counters.RecordsReceived;
        var dropsBefore = pipeline.EventsDropped + source.Counters.DatagramsDropped;
        var lostBefore = control.GetStatus().Lost;
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var opens = RunLoop(openLoop, seconds);
        WaitUntil(() => (pipelineOn ? sink.Count : counter.Events) - eventsBefore >= opens, "the pipeline to drain", 3000);
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        var lost = control.GetStatus().Lost - lostBefore;
        var delivered = (pipelineOn ? sink.Count : counter.Events) - eventsBefore;
        var records = source.Counters.RecordsReceived - recordsBefore;
        var drops = pipeline.EventsDropped + source.Counters.DatagramsDropped - dropsBefore;
        source.Stop();
        return new Phase(delivered / (double)seconds, records / (double)seconds, lost, delivered, drops, source.Counters.SocketOverflows, cpu,
            delivered == 0 ? 0 : cpu * 1e6 / delivered);
    }

    /// <summary>Counts records and events (EOE records) without building anything.</summary>
    private sealed class RecordCounter : IAuditRecordHandler
    {
        private long _events;
        public long Events => Volatile.Read(ref _events);
        public void OnRecord(ushort type, ReadOnlySpan<byte> text) { if (type == 1320) _events++; }
        public void OnLogLine(ReadOnlySpan<byte> line) { }
        public void OnIdle() { }
    }

    /// <summary>Runs the open() loop for <paramref name="seconds"/>; returns how many opens it made.</summary>
    private static long RunLoop(string openLoop, int seconds)
    {
        using var process = Process.Start(new ProcessStartInfo(openLoop, seconds.ToString(CultureInfo.InvariantCulture)) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static void WaitUntil(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                if (timeoutMs >= 10_000) throw new TimeoutException("timed out waiting for " + what);
                return;
            }
            Thread.Sleep(10);
        }
    }

    private static string Compile(string work, string name, string source)
    {
        var c = Path.Combine(work, name + ".c");
        var binary = Path.Combine(work, name);
        File.WriteAllText(c, source);
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O2", "-o", binary, c]) { RedirectStandardError = true })!;
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0) throw new InvalidOperationException($"gcc {c} failed: {errors}");
        return binary;
    }

    /// <summary>Counts events; stands in for a sink that keeps up.</summary>
    private sealed class CountingSink : IEventWriter
    {
        private long _count;
        public long Count => Volatile.Read(ref _count);
        public RecorderEvent CreateEvent(EventSchema schema) => new(schema);
        public bool TryWrite(RecorderEvent recorderEvent) { Interlocked.Increment(ref _count); return true; }
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private const string OpenLoopSource = """
        #include <fcntl.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <time.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            double seconds = argc > 1 ? atof(argv[1]) : 5;
            struct timespec start, now;
            clock_gettime(CLOCK_MONOTONIC, &start);
            long count = 0;
            for (;;) {
                int fd = open("/etc/hostname", O_RDONLY);
                if (fd >= 0) close(fd);
                if ((++count & 1023) == 0) {
                    clock_gettime(CLOCK_MONOTONIC, &now);
                    if ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= seconds) break;
                }
            }
            printf("%ld\n", count);
            return 0;
        }
        """;
}
