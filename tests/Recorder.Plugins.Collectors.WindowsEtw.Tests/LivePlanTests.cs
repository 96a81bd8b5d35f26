using Microsoft.Diagnostics.Tracing.Parsers;
using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEtw.Live;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>
/// The OS-neutral decisions of the live session, checked here because the session itself runs only on Windows: the
/// feature matrix by Windows version, the keywords and providers the wanted types need, and loss counters turned into
/// loss markers.
/// </summary>
public class LivePlanTests
{
    [Fact]
    public void Dns_is_absent_before_windows_8_1_and_windows_7_needs_the_driver_for_command_lines()
    {
        EtwFeature Feature(Version os, string type) => WindowsFeatureMatrix.For(os).Single(f => f.EventType == type);
        Assert.False(Feature(new Version(6, 2, 9200), EventTypes.DnsQuery).Available);
        Assert.Contains("8.1", Feature(new Version(6, 2, 9200), EventTypes.DnsQuery).Limitation);
        Assert.True(Feature(new Version(6, 3, 9600), EventTypes.DnsQuery).Available);
        Assert.Contains("driver", Feature(new Version(6, 1, 7601), EventTypes.ProcessStart).Limitation);
        Assert.Null(Feature(new Version(10, 0, 19045), EventTypes.ProcessStart).Limitation);
        Assert.False(Feature(new Version(10, 0, 19045), EventTypes.HttpHeader).Available);
        Assert.False(WindowsFeatureMatrix.HasSystemLoggers(new Version(6, 1)));
        Assert.True(WindowsFeatureMatrix.HasSystemLoggers(new Version(6, 2)));
    }

    [Fact]
    public void Only_the_keywords_and_providers_the_wanted_types_need_are_enabled()
    {
        var processOnly = EtwSessionPlan.For(new HashSet<string> { EventTypes.ProcessStart }, new Version(10, 0));
        Assert.Equal(KernelTraceEventParser.Keywords.Process, processOnly.Kernel);
        Assert.True(processOnly.KernelProcessStartKeys);
        Assert.False(processOnly.DnsClient);

        var all = EtwSessionPlan.For(new HashSet<string> { EventTypes.ImageLoad, EventTypes.FileCreate, EventTypes.RegistryValueSet, EventTypes.NetworkConnect, EventTypes.DnsQuery },
            new Version(10, 0));
        foreach (var keyword in new[] { KernelTraceEventParser.Keywords.ImageLoad, KernelTraceEventParser.Keywords.FileIOInit, KernelTraceEventParser.Keywords.Registry, KernelTraceEventParser.Keywords.NetworkTCPIP })
            Assert.True(all.Kernel.HasFlag(keyword), keyword.ToString());
        Assert.Contains(all.UserProviders(), p => p.Provider == Mapping.DnsClientEvents.ProviderId);

        var windows8 = EtwSessionPlan.For(new HashSet<string> { EventTypes.DnsQuery }, new Version(6, 2));
        Assert.False(windows8.DnsClient);
        Assert.False(windows8.KernelProcessStartKeys);
    }

    [Fact]
    public void Growing_loss_counters_become_one_marker_per_poll_covering_the_time_since_the_last()
    {
        var start = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var monitor = new EtwLossMonitor(start);
        Assert.Empty(monitor.Poll(0, 0, start.AddSeconds(1)));
        var markers = monitor.Poll(12, 3, start.AddSeconds(2)).ToList();
        Assert.Equal(2, markers.Count);
        var schema = EventSchemas.RecorderLoss;
        Assert.Equal(12, markers[0].Get(schema.Count));
        Assert.Equal("records", markers[0].Get(schema.Unit));
        Assert.Equal(start.AddSeconds(1), markers[0].Get(schema.FirstTime));
        Assert.Equal(3, markers[1].Get(schema.Count));
        Assert.Equal("realtime_buffers_lost", markers[1].Get(schema.Reason));
        Assert.Equal(5, Assert.Single(monitor.Poll(17, 3, start.AddSeconds(3))).Get(schema.Count));
    }
}
