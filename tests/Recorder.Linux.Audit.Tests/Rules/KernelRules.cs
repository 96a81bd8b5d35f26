using System.Diagnostics;
using Recorder.Linux.Audit.Netlink;

namespace Recorder.Linux.Audit.Tests.Rules;

/// <summary>Kernel rule state for tests: take it, clear it, put it back exactly; and run auditctl.</summary>
internal sealed class KernelRuleSnapshot
{
    private readonly IReadOnlyList<byte[]> _rules;
    private readonly uint _enabled;

    private KernelRuleSnapshot(IReadOnlyList<byte[]> rules, uint enabled)
    {
        _rules = rules;
        _enabled = enabled;
    }

    public static KernelRuleSnapshot Take(AuditControlSocket control) => new(control.ListRules(), control.GetStatus().Enabled);

    /// <summary>Deletes every loaded rule, then loads the saved ones in their order and restores the enabled flag.</summary>
    public void Restore(AuditControlSocket control)
    {
        DeleteAll(control);
        foreach (var rule in _rules) control.AddRule(rule);
        if (control.GetStatus().Enabled != _enabled && _enabled < 2) control.SetStatus(new AuditStatusChange { Enabled = _enabled });
    }

    public static void DeleteAll(AuditControlSocket control)
    {
        foreach (var rule in control.ListRules()) control.DeleteRule(rule);
    }
}

internal static class Auditctl
{
    /// <summary>Runs auditctl; returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("auditctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary><c>auditctl -l</c> as lines ("No rules" gives none).</summary>
    public static string[] List()
    {
        var (_, output, _) = Run("-l");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l != "No rules").ToArray();
    }
}
