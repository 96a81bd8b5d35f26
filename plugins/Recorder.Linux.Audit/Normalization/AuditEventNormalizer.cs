using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// Turns an assembled audit event into typed <see cref="RecorderEvent"/>s of the built-in schemas: syscalls
/// (process, file, network, driver, setuid) and user-space messages (auth, session, su/sudo). Only the wanted
/// types are built; deciding the type costs no decoding. Single-threaded like the assembler that feeds it.
/// </summary>
public sealed class AuditEventNormalizer
{
    private static readonly Func<EventSchema, RecorderEvent> DefaultCreate = static s => new RecorderEvent(s);

    private readonly SyscallEventBuilder _syscalls;
    private readonly UserMessageEventBuilder _userMessages;
    private readonly List<RecorderEvent> _single = new(2);

    /// <summary>Creates a normaliser that builds the event types <paramref name="wanted"/> accepts (all when null).</summary>
    public AuditEventNormalizer(Func<string, bool>? wanted = null, AuditNormalizerOptions? options = null)
    {
        var wants = wanted ?? (static _ => true);
        options ??= new AuditNormalizerOptions();
        _syscalls = new SyscallEventBuilder(wants, options);
        _userMessages = new UserMessageEventBuilder(wants);
    }

    /// <summary>Creates a normaliser that builds the event types named in <paramref name="wantedTypes"/>.</summary>
    public AuditEventNormalizer(IReadOnlySet<string> wantedTypes, AuditNormalizerOptions? options = null)
        : this(wantedTypes.Contains, options)
    {
    }

    /// <summary>
    /// Appends the events <paramref name="group"/> yields to <paramref name="output"/> and returns how many
    /// (usually 0 or 1; a <c>su</c> session start yields a session and a privilege change).
    /// </summary>
    public int Normalize(AuditEventGroup group, ICollection<RecorderEvent> output, Func<EventSchema, RecorderEvent>? create = null)
    {
        create ??= DefaultCreate;
        var before = output.Count;
        var records = group.Records;
        if (records.Count == 0) return 0;

        // The kernel's LOGIN record comes inside a syscall event (the write to /proc/self/loginuid).
        var login = group.Find(AuditRecordType.Login);
        if (login is not null)
        {
            _userMessages.Build(group, login, create, output);
            return output.Count - before;
        }

        var first = records[0];
        if (UserMessageEventBuilder.Handles(first.Type))
        {
            _userMessages.Build(group, first, create, output);
            return output.Count - before;
        }

        var syscall = group.Find(AuditRecordType.Syscall);
        if (syscall is not null) _syscalls.Build(group, syscall, create, output);
        return output.Count - before;
    }

    /// <summary>The first event <paramref name="group"/> yields, if any.</summary>
    public bool TryNormalize(AuditEventGroup group, Func<EventSchema, RecorderEvent>? create, out RecorderEvent? ev)
    {
        _single.Clear();
        Normalize(group, _single, create);
        ev = _single.Count > 0 ? _single[0] : null;
        _single.Clear();
        return ev is not null;
    }
}
