using Recorder.Contracts.Events;

namespace Recorder.Benchmarks.Storage;

/// <summary>
/// A repeatable stream of events shaped like a busy Linux server: sessions spawning short-lived tools that read
/// sources, write objects, create and delete temporary files and connect out. Seeded, so every run writes the same.
/// </summary>
internal sealed class Workload
{
    private readonly Random _random;
    private readonly DateTime _start;
    private readonly double _ticksPerEvent;
    private readonly List<Proc> _live = new();
    private readonly Proc _init, _sshd;
    private readonly long _count;
    private long _id, _index;
    private int _nextPid = 2000;

    public sealed record Proc(Guid Guid, long Pid, string Exe, string Cmd, string User, Proc? Parent, DateTime Start, IReadOnlyList<ProcessAncestor> Ancestors);

    public Workload(DateTime start, TimeSpan span, long count, int seed = 42)
    {
        _random = new Random(seed);
        _start = start;
        _ticksPerEvent = span.Ticks / (double)Math.Max(1, count);
        _count = count;
        _init = NewProc("/sbin/init", "/sbin/init", "root", null, start.AddDays(-1), pid: 1);
        _sshd = NewProc("/usr/sbin/sshd", "/usr/sbin/sshd -D", "root", _init, start.AddDays(-1), pid: 700);
        for (var i = 0; i < 4; i++) _live.Add(NewProc("/bin/bash", "-bash", Users[i], _sshd, start, pid: null));
    }

    private static readonly string[] Users = ["alice", "bob", "carol", "deploy"];
    private static readonly string[] Tools = ["/usr/bin/gcc", "/usr/bin/make", "/usr/bin/git", "/usr/bin/python3", "/usr/bin/curl", "/usr/bin/ls", "/usr/bin/cat", "/usr/bin/grep", "/usr/bin/ssh", "/usr/bin/node"];

    /// <summary>A temporary file created once, half-way through the stream (a rare path to look for).</summary>
    public string? RarePath { get; private set; }

    /// <summary>Processes started so far (for picking query targets).</summary>
    public List<Proc> Started { get; } = new();

    public Proc NewProc(string exe, string cmd, string user, Proc? parent, DateTime start, long? pid)
    {
        var ancestors = new List<ProcessAncestor>();
        for (var a = parent; a is not null; a = a.Parent) ancestors.Add(new ProcessAncestor(a.Guid, a.Pid, a.Exe, a.Cmd, a.User));
        var p = new Proc(Guid.NewGuid(), pid ?? NextPid(), exe, cmd, user, parent, start, ancestors);
        Started.Add(p);
        return p;
    }

    private long NextPid()
    {
        // PIDs wrap as on Linux (pid_max 32768), so PIDs are reused.
        _nextPid = _nextPid >= 32_000 ? 2000 : _nextPid + 1;
        return _nextPid;
    }

    public List<RecorderEvent> NextBatch(int size)
    {
        var batch = new List<RecorderEvent>(size);
        for (var i = 0; i < size; i++) batch.Add(Next());
        return batch;
    }

    public RecorderEvent Next()
    {
        var time = _start.AddTicks((long)(_index++ * _ticksPerEvent));
        var roll = _random.Next(100);
        var shell = _live[_random.Next(4)];
        if (roll < 6 || _live.Count < 5)
        {
            var tool = Tools[_random.Next(Tools.Length)];
            var child = NewProc(tool, $"{Path.GetFileName(tool)} {Args()}", shell.User, shell, time, null);
            if (_live.Count >= 24) _live.RemoveAt(4 + _random.Next(_live.Count - 4));
            _live.Add(child);
            var start = Make(EventSchemas.ProcessStart, child, time);
            start["process.argc"] = 3L;
            return start;
        }
        var p = _live[4 + _random.Next(_live.Count - 4)];
        if (roll < 9)
        {
            var exit = Make(EventSchemas.ProcessExit, p, time);
            exit["process.exit_code"] = (long)(_random.Next(10) == 0 ? 1 : 0);
            return exit;
        }
        if (roll < 30) return File(EventSchemas.FileRead, p, time, Libraries[Skewed(Libraries.Length)]);
        if (roll < 50) return File(EventSchemas.FileRead, p, time, SourceFile(p, ".c"));
        if (roll < 62) return File(EventSchemas.FileWrite, p, time, SourceFile(p, ".o"));
        if (roll < 67)
        {
            var temporary = $"/tmp/cc{_random.Next(1 << 24):x6}.s"; // nearly unique temporary names
            if (RarePath is null && _index >= _count / 2) RarePath = temporary;
            return File(EventSchemas.FileCreate, p, time, temporary);
        }
        if (roll < 71) return File(EventSchemas.FileDelete, p, time, $"/tmp/cc{_random.Next(1 << 24):x6}.s");
        if (roll < 73)
        {
            var rename = File(EventSchemas.FileRename, p, time, $"/home/{p.User}/src/module{Skewed(40)}/out.bin");
            rename["file.old_path"] = $"/home/{p.User}/src/module{Skewed(40)}/out.tmp";
            return rename;
        }
        var connect = Make(roll < 96 ? EventSchemas.NetworkConnect : EventSchemas.NetworkAccept, p, time);
        connect["network.transport"] = "tcp";
        connect["network.family"] = "inet";
        connect["network.local_address"] = "10.0.0.5";
        connect["network.local_port"] = (long)(32768 + _random.Next(28000));
        var host = Skewed(1000);
        connect["network.remote_address"] = $"10.{host % 4}.{host / 250}.{host % 250}";
        connect["network.remote_port"] = _random.Next(3) switch { 0 => 443L, 1 => 80L, _ => 22L };
        return connect;
    }

    private string Args() => _random.Next(4) switch
    {
        0 => $"-O2 -c module{Skewed(40)}/file{Skewed(20)}.c",
        1 => $"--jobs {_random.Next(1, 9)}",
        2 => $"status --short module{Skewed(40)}",
        _ => $"https://repo.example.com/pkg/{Skewed(500)}",
    };

    // Shared libraries and configuration every process opens: the bulk of real file activity.
    private static readonly string[] Libraries = Enumerable.Range(0, 300).Select(i => i switch
    {
        < 200 => $"/usr/lib/x86_64-linux-gnu/lib{i:x3}.so.{i % 7}",
        < 260 => $"/etc/conf{i}.d/settings.conf",
        _ => $"/usr/share/locale/l{i}/LC_MESSAGES/messages.mo",
    }).ToArray();

    private string SourceFile(Proc p, string extension) => $"/home/{p.User}/src/module{Skewed(40)}/file{Skewed(20)}{extension}";

    /// <summary>A popularity-skewed index in [0, n): a few values are common, most are rare (as paths and hosts are).</summary>
    private int Skewed(int n)
    {
        var r = _random.NextDouble();
        return Math.Min(n - 1, (int)(n * r * r * r));
    }

    private RecorderEvent File(EventSchema schema, Proc p, DateTime time, string path)
    {
        var e = Make(schema, p, time);
        e["file.path"] = path;
        return e;
    }

    private RecorderEvent Make(EventSchema schema, Proc p, DateTime time)
    {
        var e = new RecorderEvent(schema) { Id = ++_id, Time = time, Collector = "linux-audit", Outcome = EventOutcome.Success, ResultCode = 0 };
        var c = e.Process;
        c.ProcessGuid = p.Guid;
        c.Pid = p.Pid;
        c.StartTime = p.Start;
        c.Executable = p.Exe;
        c.CommandLine = p.Cmd;
        c.WorkingDirectory = "/home/" + p.User;
        c.Uid = p.User == "root" ? 0 : 1000;
        c.UserName = p.User;
        c.EffectiveUid = c.Uid;
        c.EffectiveUserName = p.User;
        c.Gid = c.Uid;
        c.GroupName = p.User;
        c.LoginUid = 1000;
        c.LoginUserName = p.User;
        c.SessionId = 4;
        c.Terminal = "pts/1";
        if (p.Parent is { } parent)
        {
            c.ParentProcessGuid = parent.Guid;
            c.ParentPid = parent.Pid;
            c.ParentExecutable = parent.Exe;
            c.ParentCommandLine = parent.Cmd;
        }
        c.Ancestors = p.Ancestors;
        return e;
    }
}
