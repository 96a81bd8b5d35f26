using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;
using Recorder.Tests.Shared;
using Xunit.Abstractions;

namespace Recorder.Linux.Audit.Tests.Rules;

/// <summary>
/// The second oracle, the real kernel and this machine's auditctl: every rule of the shipped rule sets, loaded by
/// the recorder, lists in <c>auditctl -l</c> exactly as the same rule loaded by auditctl itself; and our own
/// listing of what the kernel returns is auditctl's text.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class KernelRuleRoundTripTests(ITestOutputHelper output)
{
    private static string RuleSets => Path.Combine(RepoPaths.SharedData, "linux-audit", "audit-userspace", "rules");

    [KernelAuditFact]
    public void Shipped_rule_sets_list_the_same_whether_loaded_by_the_recorder_or_by_auditctl()
    {
        using var _ = KernelAudit.Lock();
        using var control = AuditControlSocket.Open();
        var saved = KernelRuleSnapshot.Take(control);
        var compared = 0;
        var skipped = new List<string>();
        var parseTime = new System.Diagnostics.Stopwatch();
        var ourLoadTime = new System.Diagnostics.Stopwatch();
        var auditctlLoadTime = new System.Diagnostics.Stopwatch();
        try
        {
            foreach (var path in Directory.GetFiles(RuleSets, "*.rules").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                parseTime.Start();
                var candidates = Candidates(path, name, skipped);
                foreach (var candidate in candidates) AuditRuleEncoder.Encode(candidate.Rule!);
                parseTime.Stop();
                if (candidates.Count == 0) continue;

                // Loaded by the recorder.
                KernelRuleSnapshot.DeleteAll(control);
                var ourRefusals = new List<string>();
                ourLoadTime.Start();
                foreach (var line in candidates)
                {
                    try { control.AddRule(AuditRuleEncoder.Encode(line.Rule!)); }
                    catch (AuditNetlinkException error) { ourRefusals.Add($"{line.LineNumber}: {AuditNetlinkException.ErrnoName(error.Errno)}"); }
                }
                ourLoadTime.Stop();
                var ours = Auditctl.List();
                var ourListing = control.ListRules().Select(r => AuditRuleFormatter.Format(AuditRuleEncoder.Decode(r))).ToArray();

                // Loaded by auditctl -R from the same lines; a first line "-c" makes it carry on past lines the kernel
                // refuses, as we do (auditctl reports those to syslog).
                KernelRuleSnapshot.DeleteAll(control);
                var file = Path.Combine(Path.GetTempPath(), $"recorder-roundtrip-{Environment.ProcessId}.rules");
                File.WriteAllLines(file, candidates.Select(c => c.Text).Prepend("-c"));
                auditctlLoadTime.Start();
                var (_, _, auditctlErrors) = Auditctl.Run("-R", file);
                auditctlLoadTime.Stop();
                File.Delete(file);
                var theirs = Auditctl.List();

                Assert.True(theirs.SequenceEqual(ours), $"{name}: auditctl -l differs\n--- loaded by auditctl:\n{string.Join('\n', theirs)}\n--- loaded by the recorder:\n{string.Join('\n', ours)}\nauditctl said: {auditctlErrors}");
                Assert.True(ours.SequenceEqual(ourListing), $"{name}: our listing differs from auditctl -l\n--- auditctl -l:\n{string.Join('\n', ours)}\n--- AuditRuleFormatter:\n{string.Join('\n', ourListing)}");
                if (ourRefusals.Count > 0) output.WriteLine($"{name}: the kernel refused lines {string.Join(", ", ourRefusals)} (auditctl: {auditctlErrors.Trim()})");
                compared += ours.Length;
            }
        }
        finally
        {
            saved.Restore(control);
        }
        foreach (var reason in skipped) output.WriteLine("skipped " + reason);
        output.WriteLine($"{compared} rules listed identically");
        // Figures for docs/perf/audit-rules.md (printed, never asserted): text already parsed on our side; auditctl
        // parses its file and is a process per rule set, as when rules are loaded at boot.
        output.WriteLine($"parse+encode of the 34 files: {parseTime.Elapsed.TotalMilliseconds:F1} ms");
        output.WriteLine($"load time: recorder {ourLoadTime.Elapsed.TotalMilliseconds:F1} ms, auditctl -R {auditctlLoadTime.Elapsed.TotalMilliseconds:F1} ms, ratio {auditctlLoadTime.Elapsed / ourLoadTime.Elapsed:F1}x");
        Assert.True(compared >= 150, $"only {compared} rules compared"); // 197 on this machine
    }

    /// <summary>
    /// The rule lines of a shipped file both tools can load here: not control lines (-D, -b, -e, -f,
    /// --backlog_wait_time, --loginuid-immutable, -c, -i), not rules naming paths or users this machine lacks,
    /// not syscalls this auditctl does not know by name.
    /// </summary>
    private static List<AuditRuleLine> Candidates(string path, string name, List<string> skipped)
    {
        var result = new List<AuditRuleLine>();
        foreach (var line in AuditRuleParser.ParseFile(File.ReadAllText(path), name).Lines)
        {
            if (line.Kind == AuditRuleLineKind.Control) continue;
            if (line.Kind == AuditRuleLineKind.Error)
            {
                skipped.Add($"{name}:{line.LineNumber}: {line.Error!.Reason}");
                continue;
            }
            var rule = line.Rule!;
            if (rule.WatchPath is { } watched && !File.Exists(watched) && !Directory.Exists(watched))
            {
                skipped.Add($"{name}:{line.LineNumber}: {watched} does not exist here");
                continue;
            }
            var arch = AuditArch.TableName(rule.Arch ?? AuditArch.Native) ?? "x86_64";
            if (!rule.Syscalls.IsAll && rule.Syscalls.Numbers.Any(n => SyscallTable.IsNewerThanInstalledAuditd(arch, n)))
            {
                skipped.Add($"{name}:{line.LineNumber}: a syscall auditctl 3.0.9 does not know by name");
                continue;
            }
            result.Add(line);
        }
        return result;
    }
}
