using System.Net;
using Recorder.Contracts.Events;
using static Recorder.Host.Tests.Subscriptions.TestSchemas;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>Each operator, on each kind of field, through real YAML.</summary>
public sealed class FilterOperatorTests
{
    private static bool Include(string events, string term, RecorderEvent e) =>
        WithFilters(events, $"    include:\n      - {term}").Accepts(e);

    [Theory]
    [InlineData("file.path: /etc/passwd", "/etc/passwd", true)]
    [InlineData("file.path: /etc/passwd", "/etc/passwd2", false)]
    [InlineData("file.path: /etc/passwd", "/ETC/PASSWD", false)] // exact by default
    [InlineData("file.path: { is: /ETC/passwd, ignore_case: true }", "/etc/PASSWD", true)]
    [InlineData("file.path: { is: [/a, /etc/passwd] }", "/etc/passwd", true)]
    [InlineData("file.path: { is_not: /etc/passwd }", "/etc/passwd", false)]
    [InlineData("file.path: { is_not: /etc/passwd }", "/etc/shadow", true)]
    [InlineData("file.path: { contains: passw }", "/etc/passwd", true)]
    [InlineData("file.path: { contains: PASSW }", "/etc/passwd", false)]
    [InlineData("file.path: { contains: PASSW, ignore_case: true }", "/etc/passwd", true)]
    [InlineData("file.path: { not_contains: passw }", "/etc/passwd", false)]
    [InlineData("file.path: { not_contains: shadow }", "/etc/passwd", true)]
    [InlineData("file.path: { begins_with: /etc/ }", "/etc/passwd", true)]
    [InlineData("file.path: { begins_with: [/usr/, /etc/] }", "/etc/passwd", true)]
    [InlineData("file.path: { begins_with: /usr/ }", "/etc/passwd", false)]
    [InlineData("file.path: { not_begins_with: /usr/ }", "/etc/passwd", true)]
    [InlineData("file.path: { ends_with: wd }", "/etc/passwd", true)]
    [InlineData("file.path: { ends_with: .conf }", "/etc/passwd", false)]
    [InlineData("file.path: { not_ends_with: .conf }", "/etc/passwd", true)]
    [InlineData("file.path: { regex: '^/etc/(passwd|shadow)$' }", "/etc/shadow", true)]
    [InlineData("file.path: { regex: '^/etc/(passwd|shadow)$' }", "/etc/group", false)]
    [InlineData("file.path: { regex: '^/ETC/', ignore_case: true }", "/etc/group", true)]
    [InlineData("file.path: { not_regex: '\\.conf$' }", "/etc/group", true)]
    [InlineData("file.path: { in: [/etc/passwd, /etc/shadow] }", "/etc/shadow", true)]
    [InlineData("file.path: [/etc/passwd, /etc/shadow]", "/etc/group", false)]
    [InlineData("file.path: { not_in: [/etc/passwd, /etc/shadow] }", "/etc/group", true)]
    [InlineData("file.path: { in: [/ETC/SHADOW], ignore_case: true }", "/etc/shadow", true)]
    [InlineData("file.path: { exists: true }", "/etc/shadow", true)]
    [InlineData("file.path: { exists: false }", "/etc/shadow", false)]
    public void Text_operators(string term, string path, bool expected) =>
        Assert.Equal(expected, Include("[file.write]", term, FileEvent(path)));

    [Theory]
    [InlineData("process.pid: 100", true)]
    [InlineData("process.pid: 101", false)]
    [InlineData("process.pid: [1, 100]", true)]
    [InlineData("process.pid: { not_in: [1, 100] }", false)]
    [InlineData("process.pid: { less_than: 101 }", true)]
    [InlineData("process.pid: { less_than: 100 }", false)]
    [InlineData("process.pid: { greater_than: 99 }", true)]
    [InlineData("process.pid: { greater_than: 100 }", false)]
    [InlineData("process.pid: { less_or_equal: 100 }", true)]
    [InlineData("process.pid: { greater_or_equal: 101 }", false)]
    [InlineData("process.pid: { greater_than: 10, less_than: 1000 }", true)] // two operators are ANDed
    [InlineData("process.pid: { greater_than: 10, less_than: 50 }", false)]
    [InlineData("process.uid: { exists: false }", true)] // never set
    [InlineData("process.uid: { is_not: 0 }", true)]     // absent is "not 0"
    [InlineData("process.uid: 0", false)]                // absent is not 0
    public void Number_operators_on_common_fields(string term, bool expected) =>
        Assert.Equal(expected, Include("[process.start]", term, Event(EventSchemas.ProcessStart)));

    [Theory]
    [InlineData("process.exit_code: 0", 0L, true)]
    [InlineData("process.exit_code: { greater_than: 0 }", 0L, false)]
    [InlineData("process.exit_code: { greater_than: 0 }", 137L, true)]
    [InlineData("process.exit_code: { less_than: 0 }", -1L, true)]
    [InlineData("process.exit_code: [1, 2, 137]", 137L, true)]
    public void Number_operators_on_type_specific_fields(string term, long exitCode, bool expected)
    {
        var e = Event(EventSchemas.ProcessExit);
        e["process.exit_code"] = exitCode;
        Assert.Equal(expected, Include("[process.exit]", term, e));
    }

    [Fact]
    public void A_type_specific_integer_stored_as_int_compares_by_value()
    {
        var e = Event(EventSchemas.ProcessExit);
        e["process.exit_code"] = 3; // a plugin stored an int, not a long
        Assert.True(Include("[process.exit]", "process.exit_code: { greater_than: 2 }", e));
    }

    [Theory]
    [InlineData("event.time: { greater_than: 2026-01-01T00:00:00Z }", true)]
    [InlineData("event.time: { less_than: '2026-01-02T03:04:05Z' }", false)]
    [InlineData("event.time: { less_or_equal: '2026-01-02T03:04:05Z' }", true)]
    [InlineData("event.time: { greater_than: '2026-01-02T04:00:00+02:00' }", true)] // 02:00Z
    [InlineData("event.time: '2026-01-02T03:04:05Z'", true)]
    public void Time_operators(string term, bool expected) =>
        Assert.Equal(expected, Include("[process.start]", term, Event(EventSchemas.ProcessStart)));

    [Fact]
    public void Guid_is_and_in()
    {
        var e = Event(EventSchemas.ProcessStart);
        var guid = Guid.NewGuid();
        e.Process.ProcessGuid = guid;
        Assert.True(Include("[process.start]", $"process.guid: {guid}", e));
        Assert.True(Include("[process.start]", $"process.guid: [{Guid.NewGuid()}, {guid.ToString().ToUpperInvariant()}]", e));
        Assert.False(Include("[process.start]", $"process.guid: {Guid.NewGuid()}", e));
        Assert.False(Include("[process.start]", "process.parent_guid: { exists: true }", e)); // empty GUID = unknown
    }

    [Theory]
    [InlineData("network.remote_address: 10.1.2.3", "10.1.2.3", true)]
    [InlineData("network.remote_address: { in: [10.0.0.0/8, 192.168.0.0/16] }", "10.1.2.3", true)]
    [InlineData("network.remote_address: { in: [10.0.0.0/8, 192.168.0.0/16] }", "172.16.0.1", false)]
    [InlineData("network.remote_address: { not_in: [10.0.0.0/8, 127.0.0.0/8, '::1'] }", "8.8.8.8", true)]
    [InlineData("network.remote_address: { in: [10.0.0.0/8] }", "::ffff:10.9.9.9", true)] // IPv4-mapped
    [InlineData("network.remote_address: { in: ['fe80::/10'] }", "fe80::1", true)]
    [InlineData("network.remote_address: '2001:db8::1'", "2001:0db8:0000::1", true)]        // same address, other spelling
    [InlineData("network.remote_address: { begins_with: '10.' }", "10.1.2.3", true)]
    [InlineData("network.remote_address: 10.1.2.3", "10.1.2.30", false)]
    [InlineData("network.remote_address: { in: [0.0.0.0/0] }", "8.8.8.8", true)]
    [InlineData("network.remote_address: { in: [0.0.0.0/0] }", "2001:db8::1", false)]
    [InlineData("network.remote_address: { in: ['::ffff:10.0.0.0/104'] }", "10.2.3.4", true)]
    [InlineData("network.remote_address: { in: [192.168.1.0/24] }", "192.168.2.1", false)]       // text operators on the text form
    public void Ip_address_operators(string term, string address, bool expected)
    {
        var e = Event(EventSchemas.NetworkConnect);
        e["network.remote_address"] = address;
        Assert.Equal(expected, Include("[network.connect]", term, e));
    }

    [Fact]
    public void Ip_address_stored_as_IPAddress_object_matches_too()
    {
        var e = Event(EventSchemas.NetworkConnect);
        e["network.remote_address"] = IPAddress.Parse("192.168.1.20");
        Assert.True(Include("[network.connect]", "network.remote_address: { in: [192.168.0.0/16] }", e));
    }

    [Theory]
    [InlineData("event.outcome: failure", EventOutcome.Failure, true)]
    [InlineData("event.outcome: failure", EventOutcome.Success, false)]
    [InlineData("event.outcome: { is_not: success }", EventOutcome.Unknown, true)]
    public void Outcome(string term, EventOutcome outcome, bool expected)
    {
        var e = Event(EventSchemas.AuthFailure);
        e.Outcome = outcome;
        Assert.Equal(expected, Include("[auth.*]", term, e));
    }

    [Fact]
    public void A_null_text_value_fails_positive_operators_and_passes_negated_ones()
    {
        var e = FileEvent("/x");
        e.Process.Executable = null;
        Assert.False(Include("[file.write]", "process.path: { contains: '' }", e));
        Assert.True(Include("[file.write]", "process.path: { not_contains: bin }", e));
        Assert.True(Include("[file.write]", "process.path: { exists: false }", e));
    }

    [Fact]
    public void Regex_that_times_out_counts_as_no_match_and_does_not_throw()
    {
        var s = WithFilters("[file.write]", "    include:\n      - file.path: { regex: '^(a+)+$' }");
        var e = FileEvent(new string('a', 40_000) + "!");
        Assert.False(s.Accepts(e)); // catastrophic backtracking stopped by the match timeout
    }
}
