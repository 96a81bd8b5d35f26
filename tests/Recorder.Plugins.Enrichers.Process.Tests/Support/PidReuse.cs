namespace Recorder.Plugins.Enrichers.Process.Tests.Support;

/// <summary>
/// Forces the kernel to give a just-freed PID to a new process: sets <c>/proc/sys/kernel/ns_last_pid</c> to
/// pid-1 and forks at once, retrying when another process on the machine takes the PID first. Needs root.
/// </summary>
internal static class PidReuse
{
    /// <summary>Starts <c>sleep 60</c> with exactly <paramref name="pid"/>; returns its pid (kill it afterwards).</summary>
    public static int StartSleepWithPid(int pid)
    {
        var script = $$"""
            for i in $(seq 1 3000); do
              echo {{pid - 1}} > /proc/sys/kernel/ns_last_pid
              /usr/bin/sleep 60 >/dev/null 2>&1 &
              c=$!
              if [ "$c" = "{{pid}}" ]; then echo "$c"; exit 0; fi
              kill "$c"
            done
            exit 1
            """;
        var output = RealProcess.Run("/bin/bash", "-c", script).Trim();
        return int.Parse(output);
    }
}
