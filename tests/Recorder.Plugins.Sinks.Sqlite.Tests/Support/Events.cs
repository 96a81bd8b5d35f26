using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Tests.Support;

/// <summary>Builds events the way collectors and enrichers fill them.</summary>
public static class Events
{
    private static long _nextId;

    public sealed record Proc(Guid Guid, long Pid, string Exe, string Cmd, string User, Proc? Parent, DateTime Start);

    public static Proc Process(long pid, string exe, string cmd, string user, Proc? parent, DateTime start) =>
        new(Guid.NewGuid(), pid, exe, cmd, user, parent, start);

    public static RecorderEvent Make(EventSchema schema, Proc process, DateTime time)
    {
        var e = new RecorderEvent(schema)
        {
            Id = Interlocked.Increment(ref _nextId),
            Time = time,
            Collector = "linux-audit",
            Outcome = EventOutcome.Success,
            ResultCode = 0,
        };
        var p = e.Process;
        p.ProcessGuid = process.Guid;
        p.Pid = process.Pid;
        p.StartTime = process.Start;
        p.Executable = process.Exe;
        p.CommandLine = process.Cmd;
        p.WorkingDirectory = "/root";
        p.Uid = process.User == "root" ? 0 : 1000;
        p.UserName = process.User;
        p.EffectiveUid = p.Uid;
        p.EffectiveUserName = process.User;
        p.Gid = p.Uid;
        p.GroupName = process.User;
        p.LoginUid = 1000;
        p.LoginUserName = "alice";
        p.SessionId = 3;
        p.Terminal = "pts/0";
        if (process.Parent is { } parent)
        {
            p.ParentProcessGuid = parent.Guid;
            p.ParentPid = parent.Pid;
            p.ParentExecutable = parent.Exe;
            p.ParentCommandLine = parent.Cmd;
            var ancestors = new List<ProcessAncestor>();
            for (var a = parent; a is not null; a = a.Parent) ancestors.Add(new ProcessAncestor(a.Guid, a.Pid, a.Exe, a.Cmd, a.User));
            p.Ancestors = ancestors;
        }
        return e;
    }

    public static RecorderEvent File(EventSchema schema, Proc process, DateTime time, string path)
    {
        var e = Make(schema, process, time);
        e["file.path"] = path;
        return e;
    }

    public static RecorderEvent Connect(Proc process, DateTime time, string remote, int port)
    {
        var e = Make(EventSchemas.NetworkConnect, process, time);
        e["network.transport"] = "tcp";
        e["network.family"] = remote.Contains(':') ? "inet6" : "inet";
        e["network.local_address"] = "10.0.0.5";
        e["network.local_port"] = 40000L + (time.Ticks % 20000);
        e["network.remote_address"] = remote;
        e["network.remote_port"] = (long)port;
        return e;
    }

    public static RecorderEvent Start(Proc process, DateTime time)
    {
        var e = Make(EventSchemas.ProcessStart, process, time);
        e["process.argc"] = (long)process.Cmd.Split(' ').Length;
        return e;
    }

    /// <summary>A realistic stream: a few long-lived processes and short-lived children doing file and network work.</summary>
    public static IEnumerable<RecorderEvent> Mix(DateTime start, TimeSpan step, int count, int seed = 1)
    {
        var random = new Random(seed);
        var init = Process(1, "/sbin/init", "/sbin/init", "root", null, start.AddDays(-3));
        var sshd = Process(700, "/usr/sbin/sshd", "/usr/sbin/sshd -D", "root", init, start.AddDays(-3));
        var bash = Process(1200, "/bin/bash", "-bash", "alice", sshd, start.AddHours(-1));
        var current = bash;
        var time = start;
        for (var i = 0; i < count; i++)
        {
            time += step;
            var roll = random.Next(100);
            if (roll < 8)
            {
                current = Process(2000 + random.Next(30000), "/usr/bin/tool" + random.Next(40), $"tool{random.Next(40)} --run {random.Next(1000)}", "alice", bash, time);
                yield return Start(current, time);
            }
            else if (roll < 60)
                yield return File(roll < 30 ? EventSchemas.FileWrite : EventSchemas.FileRead, current, time, $"/home/alice/project/src/file{random.Next(3000)}.c");
            else if (roll < 75)
                yield return File(EventSchemas.FileCreate, current, time, $"/tmp/build-{random.Next(100000)}.o");
            else if (roll < 95)
                yield return Connect(current, time, $"10.1.{random.Next(4)}.{random.Next(250)}", random.Next(2) == 0 ? 443 : 80);
            else
                yield return File(EventSchemas.FileDelete, current, time, $"/tmp/build-{random.Next(100000)}.o");
        }
    }
}
