using System.Globalization;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// Polls AUDIT_GET on the control socket (not the receive socket, so a busy pipeline cannot hide losses) and
/// publishes the kernel's state and the collector's counters to status. Records lost since the last poll (the
/// kernel's <c>lost</c>, serial gaps, socket overflows, a full source queue) become <c>recorder.loss</c> markers in
/// the history, spanning the time since the poll before. It polls every interval while records arrive and five
/// times less often once a poll saw none since the one before: an idle recorder wakes for it every 5 s, not every
/// second, and the next poll after records resume comes back to the interval.
/// </summary>
internal sealed class CollectorStatusReporter : IDisposable
{
    private readonly KernelAuditLink _kernel;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly AuditSource _source;
    private readonly EventWriterRecordHandler _pipeline;
    private readonly KernelRuleManager _rules;
    private readonly AuditdService _auditd;
    private readonly Timer _timer;
    private readonly Dictionary<string, long> _published = new(StringComparer.Ordinal);
    private readonly uint _lostAtStart;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _lossReported = new(StringComparer.Ordinal);
    private DateTime _lastPoll = DateTime.UtcNow;
    private readonly TimeSpan _interval;
    private long _receivedAtLastPoll = -1;

    public CollectorStatusReporter(KernelAuditLink kernel, IPluginDiagnostics diagnostics, AuditSource source, EventWriterRecordHandler pipeline,
        KernelRuleManager rules, AuditdService auditd, AuditStatus initial, TimeSpan interval)
    {
        _kernel = kernel;
        _diagnostics = diagnostics;
        _source = source;
        _pipeline = pipeline;
        _rules = rules;
        _auditd = auditd;
        _lostAtStart = initial.Lost;
        Publish(initial);
        _interval = interval;
        _timer = new Timer(_ => PollAndReschedule(), null, interval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Kernel `lost` since the collector started.</summary>
    public long KernelLost { get; private set; }

    private void PollAndReschedule()
    {
        var received = _source.Counters.RecordsReceived;
        Poll();
        var next = received == Interlocked.Exchange(ref _receivedAtLastPoll, received) ? _interval * IdleSlowdown : _interval;
        try { _timer.Change(next, Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { /* stopping */ }
    }

    /// <summary>How many times less often the kernel is polled while no record arrives.</summary>
    private const int IdleSlowdown = 5;

    /// <summary>Polls now (also used on stop, for final figures).</summary>
    public void Poll()
    {
        try
        {
            Publish(_kernel.GetStatus());
        }
        catch (Exception ex) when (ex is AuditNetlinkException or ObjectDisposedException)
        {
            _diagnostics.Log(PluginLogLevel.Warning, "kernel audit status poll failed", ex);
        }
    }

    private void Publish(AuditStatus status)
    {
        lock (_gate)
        {
            KernelLost = unchecked(status.Lost - _lostAtStart);
            _diagnostics.SetStatus("audit_enabled", status.Enabled switch { 0 => "disabled", 1 => "enabled", 2 => "immutable", var other => other.ToString(CultureInfo.InvariantCulture) });
            _diagnostics.SetStatus("audit_immutable", status.IsImmutable ? "true" : "false");
            _diagnostics.SetStatus("backlog_limit", status.BacklogLimit.ToString(CultureInfo.InvariantCulture));
            _diagnostics.SetStatus("backlog", status.Backlog.ToString(CultureInfo.InvariantCulture));
            _diagnostics.SetStatus("backlog_wait_time", status.BacklogWaitTime?.ToString(CultureInfo.InvariantCulture) ?? "unsupported");
            _diagnostics.SetStatus("audit_pid", status.Pid.ToString(CultureInfo.InvariantCulture));
            _diagnostics.SetStatus("recorder_rules_loaded", _rules.RecorderRuleCount.ToString(CultureInfo.InvariantCulture));
            _diagnostics.SetStatus("user_defined_rules_loaded", _rules.UserRuleCount.ToString(CultureInfo.InvariantCulture));
            _diagnostics.SetStatus("auditd_running", _auditd.IsRunning ? "true" : "false");
            _diagnostics.SetStatus("events_in_flight", _pipeline.InFlight.ToString(CultureInfo.InvariantCulture));

            var counters = _pipeline.Counters;
            Count("records_received", _source.Counters.RecordsReceived);
            Count("kernel_lost", KernelLost);
            Count("sequence_gaps", counters.SequenceGaps);
            Count("partial_events_evicted", counters.Evicted);
            Count("partial_events_timed_out", counters.TimedOut);
            Count("malformed_records", counters.Malformed + _source.Counters.MalformedDatagrams);
            Count("events_written", _pipeline.EventsWritten);
            Count("events_dropped_userspace", _pipeline.EventsDropped);
            Count("records_dropped_queue_full", _source.Counters.DatagramsDropped);
            Count("socket_overflows", _source.Counters.SocketOverflows);

            var now = DateTime.UtcNow;
            ReportLoss("kernel_lost", KernelLost, now);
            ReportLoss("sequence_gap", counters.SequenceGaps, now);
            ReportLoss("socket_overflow", _source.Counters.SocketOverflows, now);
            ReportLoss("source_queue_full", _source.Counters.DatagramsDropped, now);
            _lastPoll = now;
        }
    }

    /// <summary>A marker for what a loss counter gained since the last poll (kept for the next poll if the host refused it).</summary>
    private void ReportLoss(string reason, long total, DateTime now)
    {
        _lossReported.TryGetValue(reason, out var before);
        if (total <= before) return;
        if (_pipeline.WriteLossMarker(reason, total - before, _lastPoll, now)) _lossReported[reason] = total;
    }

    // Status counters only grow: add what changed since the last publication.
    private void Count(string name, long total)
    {
        _published.TryGetValue(name, out var before);
        if (total > before) _diagnostics.Counter(name).Add(total - before);
        else if (!_published.ContainsKey(name)) _diagnostics.Counter(name).Add(0);
        _published[name] = Math.Max(total, before);
    }

    public void Dispose()
    {
        using var done = new ManualResetEvent(false);
        if (_timer.Dispose(done)) done.WaitOne(TimeSpan.FromSeconds(5));
    }
}
