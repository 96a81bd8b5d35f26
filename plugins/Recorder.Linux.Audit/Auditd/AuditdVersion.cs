using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Recorder.Linux.Audit.Auditd;

/// <summary>The installed auditd's version: from <c>auditctl -v</c>, else the package manager (dpkg, rpm).</summary>
public static partial class AuditdVersion
{
    /// <summary>Asks the installed tools; null when auditd is not installed or no tool answers.</summary>
    public static Version? Detect()
    {
        return Parse(Run("auditctl", "-v"))
            ?? Parse(Run("dpkg-query", "-W", "-f=${Version}", "auditd"))
            ?? Parse(Run("rpm", "-q", "--qf", "%{VERSION}", "audit"));
    }

    /// <summary>
    /// Reads a version out of <c>auditctl version 3.0.9</c>, a Debian version such as <c>1:3.0.9-1</c> (epoch and
    /// revision dropped) or a plain <c>2.8.5</c>. Null when there is none.
    /// </summary>
    public static Version? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var match = VersionPattern().Match(text);
        if (!match.Success) return null;
        var parts = match.Groups["v"].Value.Split('.');
        return parts.Length switch
        {
            1 => new Version(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), 0),
            _ => Version.Parse(string.Join('.', parts.Take(4))),
        };
    }

    // After an optional "N:" epoch, the first dotted number: "1:3.0.9-1" -> 3.0.9, "auditctl version 3.0.9" -> 3.0.9.
    [GeneratedRegex(@"(?:^|[\s:])(?<v>\d+(?:\.\d+)+)")]
    private static partial Regex VersionPattern();

    private static string? Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // the tool is not installed
        }
    }
}
