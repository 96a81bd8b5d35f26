using System.Globalization;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Turns a whole-event answer (<see cref="EventRecord"/>, the journal's names) back into a <see cref="RecorderEvent"/>,
/// so <c>--format ecs</c> writes the same ECS documents as the journal and the live feed
/// (<see cref="Recorder.Contracts.Ecs.EcsDocument"/>). A type the store knows but the contracts do not (a plugin's own)
/// gets a schema made from the record's fields; a process tree row (no <c>event.type</c>) becomes a
/// <see cref="TreeType"/> event timed at the process's start.
/// </summary>
internal sealed class RecordAsEvent
{
    /// <summary>The event type of a process tree row; <c>tree.relation</c> and <c>tree.depth</c> are its fields.</summary>
    public const string TreeType = "process.tree";

    private static readonly Dictionary<string, EventSchema> BuiltIn = EventSchemas.All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    private static readonly EventSchema TreeSchema = new(TreeType, "A process in the answer of recorder tree.",
        [new("tree.relation", FieldType.String, "ancestor, process, descendant or candidate."), new("tree.depth", FieldType.Int64, "Place in the tree: negative for ancestors.")]);

    private static readonly Dictionary<string, Action<ProcessContext, object>> ProcessSetters = new(StringComparer.Ordinal)
    {
        ["process.guid"] = (p, v) => p.ProcessGuid = AsGuid(v),
        ["process.pid"] = (p, v) => p.Pid = AsLong(v),
        ["process.start_time"] = (p, v) => p.StartTime = AsTime(v),
        ["process.path"] = (p, v) => p.Executable = AsText(v),
        ["process.cmd"] = (p, v) => p.CommandLine = AsText(v),
        ["process.args"] = (p, v) => p.Arguments = AsList(v),
        ["process.cwd"] = (p, v) => p.WorkingDirectory = AsText(v),
        ["process.hash"] = (p, v) => p.ExecutableHash = AsText(v),
        ["process.hash_error"] = (p, v) => p.HashError = AsText(v),
        ["process.uid"] = (p, v) => p.Uid = AsLong(v),
        ["process.user_name"] = (p, v) => p.UserName = AsText(v),
        ["process.user_sid"] = (p, v) => p.UserSid = AsText(v),
        ["process.user_domain"] = (p, v) => p.UserDomain = AsText(v),
        ["process.euid"] = (p, v) => p.EffectiveUid = AsLong(v),
        ["process.effective_user_name"] = (p, v) => p.EffectiveUserName = AsText(v),
        ["process.gid"] = (p, v) => p.Gid = AsLong(v),
        ["process.user_group"] = (p, v) => p.GroupName = AsText(v),
        ["process.login_uid"] = (p, v) => p.LoginUid = AsLong(v),
        ["process.login_user_name"] = (p, v) => p.LoginUserName = AsText(v),
        ["process.logon_id"] = (p, v) => p.LogonId = AsLong(v),
        ["process.session"] = (p, v) => p.SessionId = AsLong(v),
        ["process.terminal_session"] = (p, v) => p.TerminalSessionId = AsLong(v),
        ["process.tty"] = (p, v) => p.Terminal = AsText(v),
        ["process.integrity_level"] = (p, v) => p.IntegrityLevel = AsText(v),
        ["process.pid_version"] = (p, v) => p.PidVersion = AsLong(v),
        ["process.container_id"] = (p, v) => p.ContainerId = AsText(v),
        ["process.parent_guid"] = (p, v) => p.ParentProcessGuid = AsGuid(v),
        ["process.parent_pid"] = (p, v) => p.ParentPid = AsLong(v),
        ["process.parent_path"] = (p, v) => p.ParentExecutable = AsText(v),
        ["process.parent_cmd"] = (p, v) => p.ParentCommandLine = AsText(v),
    };

    // Plugin types met in this answer, by type and field names (their values say their field types).
    private readonly Dictionary<string, EventSchema> _madeSchemas = new(StringComparer.Ordinal);

    /// <summary>The event the record describes.</summary>
    public RecorderEvent ToEvent(EventRecord record)
    {
        var type = record["event.type"] as string;
        var schema = type is null ? TreeSchema : BuiltIn.GetValueOrDefault(type) ?? SchemaOf(type, record);
        var e = new RecorderEvent(schema);
        IReadOnlyList<string>? ancestorPaths = null, ancestorCommands = null, ancestorUsers = null;
        foreach (var (name, value) in record)
        {
            if (value is null) continue;
            switch (name)
            {
                case "event.id": e.Id = AsLong(value) ?? 0; break;
                case "event.time": e.Time = AsTime(value) ?? default; break;
                case "event.type": break;
                case "event.collector": e.Collector = AsText(value) ?? ""; break;
                case "event.outcome": e.Outcome = AsText(value) switch { "success" => EventOutcome.Success, "failure" => EventOutcome.Failure, _ => EventOutcome.Unknown }; break;
                case "event.result": e.ResultCode = AsLong(value); break;
                case "process.ancestry_path": ancestorPaths = AsList(value); break;
                case "process.ancestry_cmd": ancestorCommands = AsList(value); break;
                case "process.ancestry_user_name": ancestorUsers = AsList(value); break;
                case "tags" when value is IReadOnlyDictionary<string, string> tags:
                    foreach (var (key, text) in tags) e.Tags[key] = text;
                    break;
                default:
                    if (ProcessSetters.TryGetValue(name, out var set)) set(e.Process, value);
                    else if (schema.TryGetField(name, out var field)) e[field] = Convert(value, field.Type);
                    break;
            }
        }
        if (ancestorPaths is not null || ancestorCommands is not null || ancestorUsers is not null)
            e.Process.Ancestors = Ancestors(ancestorPaths, ancestorCommands, ancestorUsers);
        if (type is null) e.Time = e.Process.StartTime ?? default;
        return e;
    }

    private EventSchema SchemaOf(string type, EventRecord record)
    {
        var fields = record.Where(f => f.Key != "tags" && !CommonFields.TryGetField(f.Key, out _)).ToList();
        var key = type + "\n" + string.Join("\n", fields.Select(f => f.Key));
        if (_madeSchemas.TryGetValue(key, out var known)) return known;
        var schema = new EventSchema(type, "A type the contracts do not define.",
            fields.Select(f => new EventField(f.Key, f.Value switch
            {
                long or int => FieldType.Int64,
                bool => FieldType.Boolean,
                double => FieldType.Double,
                string => FieldType.String,
                IEnumerable<string?> => FieldType.StringList,
                _ => FieldType.String,
            }, "")));
        _madeSchemas[key] = schema;
        return schema;
    }

    private static ProcessAncestor[] Ancestors(IReadOnlyList<string>? paths, IReadOnlyList<string>? commands, IReadOnlyList<string>? users)
    {
        var count = Math.Max(paths?.Count ?? 0, Math.Max(commands?.Count ?? 0, users?.Count ?? 0));
        var ancestors = new ProcessAncestor[count];
        for (var i = 0; i < count; i++)
            ancestors[i] = new ProcessAncestor(Guid.Empty, 0, At(paths, i), At(commands, i), At(users, i));
        return ancestors;

        static string? At(IReadOnlyList<string>? list, int i) => list is not null && i < list.Count && list[i] is { Length: > 0 } s ? s : null;
    }

    private static object? Convert(object value, FieldType type) => type switch
    {
        FieldType.Int64 => AsLong(value),
        FieldType.Timestamp => AsTime(value),
        FieldType.Guid => AsGuid(value) is var g && g != Guid.Empty ? g : null,
        FieldType.StringList => AsList(value),
        FieldType.Boolean => value is bool b ? b : AsLong(value) is { } n ? n != 0 : null,
        FieldType.Double => value is double d ? d : AsLong(value),
        _ => AsText(value),
    };

    private static long? AsLong(object value) => value switch
    {
        long l => l,
        int i => i,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static DateTime? AsTime(object value) => value switch
    {
        DateTime t => t,
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) => t,
        _ => null,
    };

    private static Guid AsGuid(object value) => value switch
    {
        Guid g => g,
        string s when Guid.TryParse(s, out var g) => g,
        _ => Guid.Empty,
    };

    private static string? AsText(object value) => value switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static IReadOnlyList<string>? AsList(object value) => value switch
    {
        IReadOnlyList<string> list => list,
        IEnumerable<string?> items => items.Select(i => i ?? "").ToArray(),
        string s => [s],
        _ => null,
    };
}
