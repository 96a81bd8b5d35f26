namespace Recorder.Plugins.Enrichers.Process.Tests.Support;

/// <summary>
/// Forces the kernel to give a just-freed PID to a new process: sets <c>/proc/sys/kernel/ns_last_pid</c> to
/// pid-1 and forks at once, retrying when another process on the machine takes the PID first. Needs root.
/// </summary>
/// <remarks>
/// Winding the PID counter back makes every process forked meanwhile take a recently freed PID, which would turn
/// other tests' exited processes into "reused PIDs" mid-test. So the counter is put back ahead afterwards, and the
/// tests that do this run alone (<see cref="Collection"/>).
/// </remarks>
internal static class PidReuse
{
    /// <summary>Test collection of the classes that force PID reuse: not run in parallel with any other test.</summary>
    public const string Collection = "pid-reuse";

    /// <summary>Starts <c>sleep 60</c> with exactly <paramref name="pid"/>; returns its pid (kill it afterwards).</summary>
    public static int StartSleepWithPid(int pid)
    {
        var script = $$"""
            counter=/proc/sys/kernel/ns_last_pid
            ahead=$(cat $counter)
            result=1
            for i in $(seq 1 3000); do
              echo {{pid - 1}} > $counter
              /usr/bin/sleep 60 >/dev/null 2>&1 &
              c=$!
              if [ "$c" = "{{pid}}" ]; then echo "$c"; result=0; break; fi
              kill "$c"
              if [ "$c" -gt "$ahead" ]; then ahead=$c; fi
            done
            # Put the counter back where it was (or past the PIDs this loop handed out), not behind.
            now=$(cat $counter)
            if [ "$now" -lt "$ahead" ]; then echo "$ahead" > $counter; fi
            exit $result
            """;
        var output = RealProcess.Run("/bin/bash", "-c", script).Trim();
        return int.Parse(output);
    }
}

/// <summary>The <see cref="PidReuse.Collection"/>: its tests run after the parallel ones, alone.</summary>
[CollectionDefinition(PidReuse.Collection, DisableParallelization = true)]
public sealed class PidReuseCollection;
