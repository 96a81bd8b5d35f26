using Recorder.Contracts.Events;
using Recorder.Host.Subscriptions.Filters;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>The filters' typed readers of common fields agree with the contracts' own accessors.</summary>
public sealed class CommonFieldReaderTests
{
    [Fact]
    public void Every_common_field_has_a_reader_that_agrees_with_the_contracts()
    {
        var e = new RecorderEvent(EventSchemas.ProcessStart)
        {
            Id = 42, Time = DateTime.UtcNow, Collector = "linux-audit", Outcome = EventOutcome.Failure, ResultCode = -13,
        };
        var p = e.Process;
        (p.ProcessGuid, p.Pid, p.StartTime, p.Executable, p.CommandLine, p.WorkingDirectory) = (Guid.NewGuid(), 7, DateTime.UtcNow, "/bin/x", "x -y", "/tmp");
        (p.ExecutableHash, p.HashError, p.Uid, p.UserName, p.EffectiveUid, p.EffectiveUserName) = ("sha256:00", "none", 1000, "alice", 0, "root");
        (p.Gid, p.GroupName, p.LoginUid, p.LoginUserName, p.SessionId, p.Terminal) = (100, "users", 1000, "alice", 3, "pts/0");
        (p.ParentProcessGuid, p.ParentPid, p.ParentExecutable, p.ParentCommandLine) = (Guid.NewGuid(), 6, "/bin/sh", "sh -c x");
        (p.UserSid, p.UserDomain, p.LogonId, p.TerminalSessionId, p.IntegrityLevel, p.PidVersion, p.ContainerId) =
            ("S-1-5-21-1-2-3-1001", "CORP", 0x3e7, 1, "high", 12, "3f1a9c0d2b4e");
        p.Arguments = ["x", "-y", "two words"];
        p.Ancestors = [new ProcessAncestor(Guid.NewGuid(), 6, "/bin/sh", "sh -c x", "alice"), new ProcessAncestor(Guid.NewGuid(), 1, "/sbin/init", "init", "root")];

        foreach (var field in CommonFields.All)
        {
            Assert.True(CommonFieldReader.TryGet(field.Name, out var reader), $"no filter reader for {field.Name}");
            Assert.True(CommonFields.TryGetAccessor(field.Name, out var accessor));
            var expected = accessor(e);
            var actual = reader.Read(e);
            if (field.MultiValued) Assert.Equal(((IEnumerable<string?>)expected!).ToArray(), (string?[])actual!);
            else Assert.Equal(expected, actual);
        }
    }
}
