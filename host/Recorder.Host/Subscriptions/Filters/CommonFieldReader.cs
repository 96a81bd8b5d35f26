using Recorder.Contracts.Events;

namespace Recorder.Host.Subscriptions.Filters;

/// <summary>
/// Reads one common field (<c>event.*</c>, <c>process.*</c>) straight from the event's properties and hands it
/// to a test, without boxing. The contracts' <see cref="CommonFields.TryGetAccessor"/> returns
/// <c>object?</c> (a box per read) and enumerates ancestry through LINQ; filters run on every event, so they
/// read typed. A test checks that every common field has a reader here that agrees with the contracts.
/// </summary>
internal abstract class CommonFieldReader
{
    /// <summary>Applies the test; a missing value (null) never passes.</summary>
    public abstract bool Test(RecorderEvent e, ValueTest test);

    /// <summary>The value as the filter sees it, for tests and diagnostics (allocates).</summary>
    public abstract object? Read(RecorderEvent e);

    private static readonly Dictionary<string, CommonFieldReader> Readers = new(StringComparer.Ordinal)
    {
        ["event.id"] = new Int64Reader(e => e.Id),
        ["event.time"] = new TimestampReader(e => e.Time),
        ["event.type"] = new TextReader(e => e.Type),
        ["event.collector"] = new TextReader(e => e.Collector),
        ["event.outcome"] = new TextReader(e => CommonFields.OutcomeName(e.Outcome)),
        ["event.result"] = new Int64Reader(e => e.ResultCode),
        ["process.guid"] = new GuidReader(e => e.Process.ProcessGuid),
        ["process.pid"] = new Int64Reader(e => e.Process.Pid),
        ["process.start_time"] = new TimestampReader(e => e.Process.StartTime),
        ["process.path"] = new TextReader(e => e.Process.Executable),
        ["process.cmd"] = new TextReader(e => e.Process.CommandLine),
        ["process.args"] = new TextListReader(e => e.Process.Arguments),
        ["process.cwd"] = new TextReader(e => e.Process.WorkingDirectory),
        ["process.hash"] = new TextReader(e => e.Process.ExecutableHash),
        ["process.hash_error"] = new TextReader(e => e.Process.HashError),
        ["process.uid"] = new Int64Reader(e => e.Process.Uid),
        ["process.user_name"] = new TextReader(e => e.Process.UserName),
        ["process.user_sid"] = new TextReader(e => e.Process.UserSid),
        ["process.user_domain"] = new TextReader(e => e.Process.UserDomain),
        ["process.euid"] = new Int64Reader(e => e.Process.EffectiveUid),
        ["process.effective_user_name"] = new TextReader(e => e.Process.EffectiveUserName),
        ["process.gid"] = new Int64Reader(e => e.Process.Gid),
        ["process.user_group"] = new TextReader(e => e.Process.GroupName),
        ["process.login_uid"] = new Int64Reader(e => e.Process.LoginUid),
        ["process.login_user_name"] = new TextReader(e => e.Process.LoginUserName),
        ["process.logon_id"] = new Int64Reader(e => e.Process.LogonId),
        ["process.session"] = new Int64Reader(e => e.Process.SessionId),
        ["process.terminal_session"] = new Int64Reader(e => e.Process.TerminalSessionId),
        ["process.tty"] = new TextReader(e => e.Process.Terminal),
        ["process.integrity_level"] = new TextReader(e => e.Process.IntegrityLevel),
        ["process.pid_version"] = new Int64Reader(e => e.Process.PidVersion),
        ["process.container_id"] = new TextReader(e => e.Process.ContainerId),
        ["process.parent_guid"] = new GuidReader(e => e.Process.ParentProcessGuid),
        ["process.parent_pid"] = new Int64Reader(e => e.Process.ParentPid),
        ["process.parent_path"] = new TextReader(e => e.Process.ParentExecutable),
        ["process.parent_cmd"] = new TextReader(e => e.Process.ParentCommandLine),
        ["process.ancestry_path"] = new AncestryReader(a => a.Executable),
        ["process.ancestry_cmd"] = new AncestryReader(a => a.CommandLine),
        ["process.ancestry_user_name"] = new AncestryReader(a => a.UserName),
    };

    /// <summary>Finds the reader of a common field.</summary>
    public static bool TryGet(string field, out CommonFieldReader reader) => Readers.TryGetValue(field, out reader!);

    private sealed class TextReader(Func<RecorderEvent, string?> get) : CommonFieldReader
    {
        public override bool Test(RecorderEvent e, ValueTest test) => get(e) is { } value && test.Test(value);
        public override object? Read(RecorderEvent e) => get(e);
    }

    private sealed class Int64Reader(Func<RecorderEvent, long?> get) : CommonFieldReader
    {
        public override bool Test(RecorderEvent e, ValueTest test) => get(e) is { } value && test.Test(value);
        public override object? Read(RecorderEvent e) => get(e);
    }

    private sealed class TimestampReader(Func<RecorderEvent, DateTime?> get) : CommonFieldReader
    {
        public override bool Test(RecorderEvent e, ValueTest test) => get(e) is { } value && test.Test(value);
        public override object? Read(RecorderEvent e) => get(e);
    }

    /// <summary>An empty GUID means "not known", as in <see cref="CommonFields"/>.</summary>
    private sealed class GuidReader(Func<RecorderEvent, Guid> get) : CommonFieldReader
    {
        public override bool Test(RecorderEvent e, ValueTest test) => get(e) is var value && value != Guid.Empty && test.Test(value);
        public override object? Read(RecorderEvent e) => get(e) is var value && value != Guid.Empty ? value : null;
    }

    /// <summary>A list of texts (argv): passes when any element passes; an absent list never does.</summary>
    private sealed class TextListReader(Func<RecorderEvent, IReadOnlyList<string>?> get) : CommonFieldReader
    {
        public override bool Test(RecorderEvent e, ValueTest test)
        {
            if (get(e) is not { } items) return false;
            for (var i = 0; i < items.Count; i++)
                if (test.Test(items[i])) return true;
            return false;
        }

        public override object? Read(RecorderEvent e) => get(e);
    }

    /// <summary>Multi-valued: passes when any ancestor's value passes.</summary>
    private sealed class AncestryReader(Func<ProcessAncestor, string?> get) : CommonFieldReader
    {
        public override bool Test(RecorderEvent e, ValueTest test)
        {
            var ancestors = e.Process.Ancestors;
            for (var i = 0; i < ancestors.Count; i++)
                if (get(ancestors[i]) is { } value && test.Test(value)) return true;
            return false;
        }

        public override object? Read(RecorderEvent e) => e.Process.Ancestors.Select(get).ToArray();
    }
}
