using Recorder.Contracts.Events;
using Recorder.Plugins.Signals.Mapping;
using Recorder.Plugins.Signals.Tests.Support;
using Recorder.Sigma;
using Xunit.Abstractions;

namespace Recorder.Plugins.Signals.Tests;

/// <summary>
/// The Sigma fields of imported Sysmon events equal what Sysmon wrote (the JSON rendering of the same record), and the
/// fields the EVTX mapping drops are absent, not empty.
/// </summary>
public sealed class FieldMappingTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_mapped_sigma_field_of_every_regression_record_equals_the_value_sysmon_wrote()
    {
        var fields = new RecorderSigmaFields();
        var compared = 0;
        var whitespace = new List<string>();
        var dropped = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var regression in RegressionCase.All())
        {
            var events = regression.Import();
            var records = regression.JsonEventData();
            if (events.Count != records.Count) continue; // records the mapping skips have no event to compare
            for (var i = 0; i < events.Count; i++)
            {
                var live = new LiveEventFields().Reset(events[i]);
                var product = SigmaProducts.Of(live);
                // An untyped Windows event (windows.event) keeps every field it has: each is mapped.
                var untyped = live.Type == "windows.event";
                foreach (var category in SigmaCategories.Of(live, product))
                {
                    fields.Reset(live, category, product);
                    foreach (var (jsonName, written) in records[i])
                    {
                        if (jsonName.StartsWith('#')) continue; // the JSON renderer's element attributes, not fields
                        // An untyped event's names are Sigma's: without spaces ("Threat Name" is ThreatName).
                        var name = untyped ? jsonName.Replace(" ", "", StringComparison.Ordinal) : jsonName;
                        if (!untyped && !SigmaFieldMap.FieldsOf(category).Contains(name, StringComparer.OrdinalIgnoreCase))
                        {
                            (dropped.TryGetValue(category, out var set) ? set : dropped[category] = new(StringComparer.Ordinal)).Add(name);
                            Assert.False(fields.TryGetValue(name, out _), $"{regression.Folder}: {name} has no source but is present");
                            continue;
                        }
                        if (Sysmon.IsEmpty(written)) continue;
                        Assert.True(fields.TryGetValue(name, out var value), $"{regression.Folder}: {category} {name} missing (Sysmon wrote '{written}')");
                        if (!Sysmon.SameValue(name, written, value) && Sysmon.SameValue(name, written.TrimEnd(), SigmaValue.FromString(value.ToString().TrimEnd())))
                            whitespace.Add($"{regression.Folder}: {name}: Sysmon's JSON '{written}', the EVTX reader '{value}'");
                        else
                            Assert.True(Sysmon.SameValue(name, written, value), $"{regression.Folder}: {category} {name}: Sysmon wrote '{written}', mapped '{value}'");
                        compared++;
                    }
                }
            }
        }
        Assert.True(compared > 1000, $"only {compared} values compared");
        // The JSON renderings trim a trailing blank that the records hold (Sysmon writes cmd.exe's command line with
        // one): the EVTX reader keeps it, as Windows does.
        output.WriteLine($"{compared} values equal; {whitespace.Count} differ only by a trailing blank the JSON trimmed");
        foreach (var (category, names) in dropped) output.WriteLine($"{category}: dropped by the EVTX mapping: {string.Join(", ", names)}");
    }

    [Fact]
    public void A_linux_exec_has_the_user_name_and_no_windows_logon_id()
    {
        var e = new RecorderEvent(EventSchemas.ProcessStart) { Collector = "linux-audit", Outcome = EventOutcome.Success };
        e.Process.Executable = "/usr/bin/base64";
        e.Process.CommandLine = "base64 -d /tmp/x";
        e.Process.UserName = "root";
        e.Process.LogonId = 5;
        e.Process.ParentExecutable = "/usr/bin/bash";
        var live = new LiveEventFields().Reset(e);
        Assert.Equal("linux", SigmaProducts.Of(live));
        var fields = new RecorderSigmaFields().Reset(live, SigmaCategories.ProcessCreation, "linux");
        Assert.True(fields.TryGetValue("image", out var image));   // Sigma field names are case-insensitive
        Assert.Equal("/usr/bin/base64", image.AsString);
        Assert.True(fields.TryGetValue("User", out var user));
        Assert.Equal("root", user.AsString);
        Assert.True(fields.TryGetValue("ParentImage", out var parent));
        Assert.Equal("/usr/bin/bash", parent.AsString);
        Assert.False(fields.TryGetValue("LogonId", out _));
        Assert.False(fields.TryGetValue("OriginalFileName", out _));
        Assert.False(fields.TryGetValue("CurrentDirectory", out _)); // not recorded for this event: absent, not empty
    }

    [Fact]
    public void An_accepted_connection_has_the_peer_as_source_as_sysmon_writes_it()
    {
        var schema = EventSchemas.NetworkAccept;
        var e = new RecorderEvent(schema) { Collector = "linux-audit" };
        e.Set(schema.LocalAddress, "10.0.0.5");
        e.Set(schema.LocalPort, 22);
        e.Set(schema.RemoteAddress, "203.0.113.9");
        e.Set(schema.RemotePort, 50123);
        var fields = new RecorderSigmaFields().Reset(new LiveEventFields().Reset(e), SigmaCategories.NetworkConnection, "linux");
        Assert.True(fields.TryGetValue("Initiated", out var initiated));
        Assert.Equal("false", initiated.AsString);
        Assert.True(fields.TryGetValue("DestinationPort", out var port));
        Assert.Equal(22, port.AsInt64);
        Assert.True(fields.TryGetValue("SourceIp", out var source));
        Assert.Equal("203.0.113.9", source.AsString);
    }

    [Fact]
    public void Signals_failed_execs_and_linux_logons_are_not_evaluated()
    {
        var signal = new RecorderEvent(SignalEvents.SignalEvent.Schema);
        Assert.Empty(SigmaCategories.Of(new LiveEventFields().Reset(signal), "linux"));
        Assert.Empty(SigmaCategories.Of(new LiveEventFields().Reset(new RecorderEvent(EventSchemas.SessionLogin)), "linux"));
        var failedExec = new RecorderEvent(EventSchemas.ProcessStart) { Outcome = EventOutcome.Failure };
        Assert.Empty(SigmaCategories.Of(new LiveEventFields().Reset(failedExec), "linux"));
    }

    /// <summary>How Sysmon's rendering and the mapped value are compared.</summary>
    private static class Sysmon
    {
        // The EVTX mapping keeps the all-zero GUID Sysmon writes for an unknown parent as no GUID.
        public static bool IsEmpty(string text) => text is "" or "-" or "null" || (Guid.TryParse(text, out var guid) && guid == Guid.Empty);

        public static bool SameValue(string name, string written, SigmaValue value)
        {
            var mapped = value.ToString();
            if (name.Equals("Hashes", StringComparison.OrdinalIgnoreCase))
                return Parts(written).SetEquals(Parts(mapped));
            if (name.EndsWith("Guid", StringComparison.OrdinalIgnoreCase))
                return Guid.TryParse(written, out var a) && Guid.TryParse(mapped, out var b) && a == b;
            if (value.Kind == SigmaValueKind.Integer && long.TryParse(written, out var number)) return number == value.AsInt64;
            if (value.Kind == SigmaValueKind.Integer && written.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return Convert.ToInt64(written, 16) == value.AsInt64;
            // Sigma compares case-insensitively; the mapping lower-cases IntegrityLevel, IP addresses are canonical.
            return string.Equals(written, mapped, StringComparison.OrdinalIgnoreCase)
                   || (System.Net.IPAddress.TryParse(written, out var ip) && ip.ToString() == mapped);
        }

        private static HashSet<string> Parts(string hashes) =>
            hashes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToUpperInvariant()).ToHashSet();
    }
}
