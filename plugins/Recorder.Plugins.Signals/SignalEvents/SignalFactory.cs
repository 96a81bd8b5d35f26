using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Signals.Rules;

namespace Recorder.Plugins.Signals.SignalEvents;

/// <summary>Makes the <c>signal.sigma</c> event for a rule that matched a pipeline event.</summary>
internal static class SignalFactory
{
    public static RecorderEvent Create(IEventWriter writer, RuleMatch match, RecorderEvent matched)
    {
        var signal = writer.CreateEvent(SignalEvent.Schema);
        signal.Time = matched.Time;
        signal.Outcome = EventOutcome.Success;
        var rule = match.Rule;
        signal.Set(SignalEvent.RuleId, rule.Id);
        signal.Set(SignalEvent.RuleTitle, rule.Title);
        signal.Set(SignalEvent.Level, rule.LevelText);
        signal.Set(SignalEvent.Status, rule.Status);
        signal.Set(SignalEvent.Tags, rule.Tags.Count == 0 ? null : rule.Tags);
        signal.Set(SignalEvent.RuleFile, rule.SourceFile);
        signal.Set(SignalEvent.Logsource, match.LogSource.ToString());
        signal.Set(SignalEvent.EventId, matched.Id);
        signal.Set(SignalEvent.EventType, matched.Type);
        signal.Set(SignalEvent.EventTime, matched.Time);
        CopyProcess(matched.Process, signal.Process);
        signal.Replay = matched.Replay;
        return signal;
    }

    /// <summary>The matched event's process becomes the signal's: who did what the rule describes.</summary>
    private static void CopyProcess(ProcessContext from, ProcessContext to)
    {
        to.ProcessGuid = from.ProcessGuid;
        to.Pid = from.Pid;
        to.StartTime = from.StartTime;
        to.Executable = from.Executable;
        to.CommandLine = from.CommandLine;
        to.Arguments = from.Arguments;
        to.WorkingDirectory = from.WorkingDirectory;
        to.ExecutableHash = from.ExecutableHash;
        to.HashError = from.HashError;
        to.Uid = from.Uid;
        to.UserName = from.UserName;
        to.UserSid = from.UserSid;
        to.UserDomain = from.UserDomain;
        to.EffectiveUid = from.EffectiveUid;
        to.EffectiveUserName = from.EffectiveUserName;
        to.Gid = from.Gid;
        to.GroupName = from.GroupName;
        to.LoginUid = from.LoginUid;
        to.LoginUserName = from.LoginUserName;
        to.LogonId = from.LogonId;
        to.SessionId = from.SessionId;
        to.TerminalSessionId = from.TerminalSessionId;
        to.Terminal = from.Terminal;
        to.IntegrityLevel = from.IntegrityLevel;
        to.PidVersion = from.PidVersion;
        to.ContainerId = from.ContainerId;
        to.ParentProcessGuid = from.ParentProcessGuid;
        to.ParentPid = from.ParentPid;
        to.ParentExecutable = from.ParentExecutable;
        to.ParentCommandLine = from.ParentCommandLine;
        to.Ancestors = from.Ancestors;
    }
}
