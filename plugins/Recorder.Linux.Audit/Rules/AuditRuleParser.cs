using System.Globalization;

namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Parses auditctl's rule language (<c>-a</c>/<c>-A</c>/<c>-d</c>, <c>-w</c>/<c>-W</c>, <c>-S</c>, <c>-F</c>, <c>-C</c>,
/// <c>-k</c>, <c>-p</c>) with auditctl 3.0.9's semantics, so that the binary matches what auditctl would send.
/// </summary>
public static class AuditRuleParser
{
    /// <summary>Parses one rule line. Control lines (<c>-D</c>, <c>-e 2</c>, <c>-b</c>...) are not rules and are refused.</summary>
    /// <exception cref="AuditRuleSyntaxException">The line is not a valid rule; the message names the argument.</exception>
    public static AuditRule Parse(string line) => Parse(line, AuditRuleParserOptions.Default);

    /// <inheritdoc cref="Parse(string)"/>
    public static AuditRule Parse(string line, AuditRuleParserOptions options)
    {
        var result = ParseLine(line, options);
        if (result.Rule is not null) return result.Rule;
        throw result.Control is { } control
            ? new AuditRuleSyntaxException($"'{control}' is a control command, not a rule", 1, 1, control)
            : new AuditRuleSyntaxException("the line holds no rule", 0, 0, null);
    }

    /// <summary>Parses a rules file: one result per non-blank, non-comment line, with its line number.</summary>
    public static AuditRuleFile ParseFile(string text, string sourceName) => ParseFile(text, sourceName, AuditRuleParserOptions.Default);

    /// <inheritdoc cref="ParseFile(string, string)"/>
    public static AuditRuleFile ParseFile(string text, string sourceName, AuditRuleParserOptions options)
    {
        var lines = new List<AuditRuleLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            try
            {
                var result = ParseLine(line, options);
                lines.Add(result.Rule is not null
                    ? AuditRuleLine.ForRule(number, line, result.Rule)
                    : AuditRuleLine.ForControl(number, line, result.Control!));
            }
            catch (AuditRuleSyntaxException error)
            {
                lines.Add(AuditRuleLine.ForError(number, line, error.AtLine(number, sourceName)));
            }
        }
        return new AuditRuleFile(sourceName, lines);
    }

    private readonly record struct LineResult(AuditRule? Rule, string? Control);

    // Options that take an argument, as in auditctl's getopt string "hicslDvtC:e:f:r:b:a:A:d:S:F:m:R:w:W:k:p:q:".
    private const string OptionsWithArgument = "CefrbaAdSFmRwWkpq";
    private const string OptionsWithoutArgument = "hicslDvt";

    private static LineResult ParseLine(string line, AuditRuleParserOptions options)
    {
        var tokens = AuditRuleTokenizer.Split(line);
        if (tokens.Count == 0) throw new AuditRuleSyntaxException("the line holds no rule", 0, 0, null);
        var builder = new RuleBuilder(line.Trim(), options);
        string? control = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var text = token.Value;
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                // Long options are all control settings (--backlog_wait_time N, --loginuid-immutable, --reset-lost, --signal S).
                control ??= text;
                if (text is "--backlog_wait_time" or "--signal") i++;
                continue;
            }
            if (text.Length < 2 || text[0] != '-')
                throw new AuditRuleSyntaxException("argument given without an option before it", token.Index, token.Column, text);
            var option = text[1];
            if (OptionsWithoutArgument.Contains(option) && text.Length == 2)
            {
                control ??= text;
                continue;
            }
            if (!OptionsWithArgument.Contains(option))
                throw new AuditRuleSyntaxException($"unknown option '{text}'", token.Index, token.Column, text);

            AuditRuleToken argument;
            if (text.Length > 2) argument = new AuditRuleToken(text[2..], token.Index, token.Column + 2);
            else if (i + 1 < tokens.Count) argument = tokens[++i];
            else throw new AuditRuleSyntaxException($"option {text} needs a value", token.Index, token.Column, text);

            if (option is 'e' or 'f' or 'r' or 'b' or 'm' or 'R' or 'q')
            {
                control ??= "-" + option;
                continue;
            }
            builder.Apply(option, token, argument);
        }

        if (control is not null)
        {
            if (builder.HasRuleOptions)
                throw new AuditRuleSyntaxException($"'{control}' cannot be combined with a rule on one line", 1, tokens[0].Column, tokens[0].Value);
            return new LineResult(null, control);
        }
        return new LineResult(builder.Build(tokens[0]), null);
    }

    /// <summary>The state auditctl keeps while reading one rule line.</summary>
    private sealed class RuleBuilder(string text, AuditRuleParserOptions options)
    {
        private AuditRuleCommand? _command;
        private AuditFilterList? _list;
        private AuditRuleAction _action;
        private readonly SyscallMask _syscalls = new();
        private readonly List<AuditRuleField> _fields = [];
        private readonly List<string> _keys = [];
        private int _keyLength;
        private bool _syscallAdded, _permAdded, _exeAdded, _filesystemAdded, _watch;
        private uint? _arch;
        private AuditRuleToken? _pendingKeyFromField;

        public bool HasRuleOptions => _command is not null || _fields.Count > 0 || _syscallAdded || _keys.Count > 0;

        public void Apply(char option, AuditRuleToken optionToken, AuditRuleToken argument)
        {
            switch (option)
            {
                case 'a': SetList(AuditRuleCommand.Append, argument); break;
                case 'A': SetList(AuditRuleCommand.Prepend, argument); break;
                case 'd': SetList(AuditRuleCommand.Delete, argument); break;
                case 'w': AddWatch(AuditRuleCommand.Append, optionToken, argument); break;
                case 'W': AddWatch(AuditRuleCommand.Delete, optionToken, argument); break;
                case 'S': AddSyscalls(argument); break;
                case 'F': AddField(argument); break;
                case 'C': AddComparison(argument); break;
                case 'k': AddKeyOption(argument); break;
                case 'p': SetPermissions(argument); break;
            }
        }

        public AuditRule Build(AuditRuleToken first)
        {
            if (_command is null || _list is null)
                throw new AuditRuleSyntaxException("no list given: a rule needs -a, -A, -d, -w or -W", first.Index, first.Column, first.Value);
            if (_pendingKeyFromField is { } keyToken && !(_syscallAdded || _permAdded || _exeAdded || _filesystemAdded))
                throw Error(keyToken, "a key needs a watch, a syscall or an exe condition before it");
            if (_fields.Count + (_keys.Count > 0 ? 1 : 0) > AuditRuleEncoder.MaxFields - 1)
                throw new AuditRuleSyntaxException($"too many conditions (at most {AuditRuleEncoder.MaxFields - 1})", 0, 0, null);
            // auditctl sends rules written without -S with every syscall bit set, except on the task list.
            if (_list != AuditFilterList.Task && !_syscallAdded) _syscalls.AddAll();
            return new AuditRule(_command.Value, _list.Value, _action, _syscalls, _fields.ToArray(), _keys.ToArray(), _watch, text);
        }

        private void SetList(AuditRuleCommand command, AuditRuleToken argument)
        {
            if (_command is not null) throw Error(argument, "only one -a, -A, -d, -w or -W per rule");
            var parts = argument.Value.Split(',');
            if (parts.Length != 2) throw Error(argument, "expected list,action such as always,exit");
            AuditFilterList list;
            AuditRuleAction action;
            if (AuditRuleNames.TryParseAction(parts[0], out action) && AuditRuleNames.TryParseList(parts[1], out list)) { }
            else if (AuditRuleNames.TryParseList(parts[0], out list) && AuditRuleNames.TryParseAction(parts[1], out action)) { }
            else throw Error(argument, $"unknown list or action in '{argument.Value}' (lists: exit, task, user, exclude, filesystem; actions: always, never)");
            if (action == AuditRuleAction.Possible) throw Error(argument, "the action 'possible' is deprecated and not supported");
            if (list == AuditFilterList.Task && _syscallAdded) throw Error(argument, "syscalls cannot be audited on the task list");
            if (_syscallAdded && list is AuditFilterList.User or AuditFilterList.Exclude or AuditFilterList.Filesystem)
                throw Error(argument, $"syscalls cannot be audited on the {parts[0]} list");
            _command = command;
            _list = list;
            _action = action;
        }

        private void AddWatch(AuditRuleCommand command, AuditRuleToken optionToken, AuditRuleToken argument)
        {
            if (_command is not null) throw Error(optionToken, "a watch cannot be combined with -a, -A or -d");
            var path = argument.Value;
            if (path.Length >= 4096) throw Error(argument, "the watched path is too long");
            if (!path.StartsWith('/')) throw Error(argument, "the watched path must start with '/'");
            if (Path.GetFileName(path.TrimEnd('/')).Length > 255) throw Error(argument, "the base name of the watched path is too long");
            // Trailing slashes go, as auditctl trims them.
            if (path.Length > 2) path = path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
            var field = options.IsDirectory(path) ? AuditField.Dir : AuditField.Watch;
            _command = command;
            _list = AuditFilterList.Exit;
            _action = AuditRuleAction.Always;
            _watch = true;
            _syscallAdded = true;
            _permAdded = true;
            _syscalls.AddAll();
            _fields.Add(AuditRuleField.FromText(field, AuditOperator.Equal, path));
            _fields.Add(new AuditRuleField(AuditField.Perm, AuditOperator.Equal, AuditPermissions.All));
        }

        private void SetPermissions(AuditRuleToken argument)
        {
            if (_command is null) throw Error(argument, "-p needs a watch or a rule before it");
            if (AuditPermissions.Parse(argument.Value) is not { } value)
                throw Error(argument, "permissions are up to four of the letters r, w, x, a");
            if (_fields.Count == 0) throw Error(argument, "permissions must follow other conditions");
            var replaced = false;
            for (var i = 0; i < _fields.Count; i++)
            {
                if (_fields[i].Field != AuditField.Perm) continue;
                _fields[i] = _fields[i] with { Value = value };
                replaced = true;
            }
            if (!replaced) _fields.Add(new AuditRuleField(AuditField.Perm, AuditOperator.Equal, value));
            _permAdded = true;
        }

        private void AddSyscalls(AuditRuleToken argument)
        {
            if (_list is AuditFilterList.Task) throw Error(argument, "syscalls cannot be audited on the task list");
            if (_list is AuditFilterList.User or AuditFilterList.Exclude or AuditFilterList.Filesystem)
                throw Error(argument, $"syscalls cannot be audited on the {AuditRuleNames.ToName(_list.Value)} list");
            var arch = _arch ?? options.NativeArch;
            foreach (var name in argument.Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (name == "all")
                {
                    _syscalls.AddAll();
                    continue;
                }
                if (!SyscallTable.TryGetNumber(arch, name, out var number))
                {
                    if (!char.IsAsciiDigit(name[0]) || !TryParseC(name, out var parsed) || parsed > int.MaxValue)
                    {
                        var table = AuditArch.TableName(arch);
                        throw Error(argument, table is null
                            ? $"no syscall table for arch 0x{arch:X} here: give syscalls by number"
                            : $"unknown syscall '{name}' for {table}");
                    }
                    number = (int)parsed;
                }
                if (!_syscalls.Add(number)) throw Error(argument, $"syscall number {number} is beyond the kernel's bitmap");
            }
            _syscallAdded = true;
        }

        private void AddKeyOption(AuditRuleToken argument)
        {
            if (!(_syscallAdded || _permAdded || _exeAdded || _filesystemAdded) || _command is null)
                throw Error(argument, "a key needs a watch, a syscall or an exe condition before it");
            AddKey(argument);
        }

        private void AddKey(AuditRuleToken argument)
        {
            var key = argument.Value;
            if (key.Contains('\u0001')) throw Error(argument, "a key cannot contain the byte 0x01");
            var length = System.Text.Encoding.UTF8.GetByteCount(key);
            var total = _keyLength + length + (_keys.Count > 0 ? 1 : 0);
            if (total > 256) throw Error(argument, "the keys of a rule exceed 256 bytes together");
            _keys.Add(key);
            _keyLength = total;
        }

        private void AddComparison(AuditRuleToken argument)
        {
            if (_list is null) throw Error(argument, "give the list (-a) before -C");
            var pair = argument.Value;
            AuditOperator op;
            int at;
            if ((at = pair.IndexOf("!=", StringComparison.Ordinal)) >= 0) op = AuditOperator.NotEqual;
            else if ((at = pair.IndexOf('=')) >= 0) op = AuditOperator.Equal;
            else throw Error(argument, "a comparison takes = or !=");
            var left = pair[..at];
            var right = pair[(at + (op == AuditOperator.NotEqual ? 2 : 1))..];
            if (left.Length == 0 || right.Length == 0) throw Error(argument, "a comparison needs a field on each side");
            if (!AuditFieldNames.TryGetField(left, out _)) throw Error(argument, $"unknown field '{left}'");
            if (!AuditFieldNames.TryGetField(right, out _)) throw Error(argument, $"unknown field '{right}'");
            if (_list != AuditFilterList.Exit) throw Error(argument, "comparisons are only allowed on the exit list");
            if (!AuditFieldComparison.TryGetNumber(left, right, out var number))
                throw Error(argument, $"'{left}' and '{right}' cannot be compared (uids with uids, gids with gids)");
            _fields.Add(new AuditRuleField(AuditField.FieldCompare, op, number));
        }

        private void AddField(AuditRuleToken argument)
        {
            if (_list is not { } list) throw Error(argument, "give the list (-a) before -F");
            var pair = argument.Value;
            if (pair.StartsWith("key=", StringComparison.Ordinal))
            {
                // auditctl collects -F key= with the -k keys and adds them as one condition at the end.
                AddKey(argument with { Value = pair[4..] });
                _pendingKeyFromField ??= argument;
                return;
            }
            if (!AuditOperators.TrySplit(pair, out var name, out var op, out var value))
                throw Error(argument, "missing operator (=, !=, <, >, <=, >=, &, &=)");
            if (name.Length == 0) throw Error(argument, "missing field name");
            if (value.Length == 0) throw Error(argument, $"missing value for '{name}'");
            if (!AuditFieldNames.TryGetField(name, out var field)) throw Error(argument, $"unknown field '{name}'");
            if (_fields.Count >= AuditRuleEncoder.MaxFields - 1) throw Error(argument, "too many conditions");

            if (list == AuditFilterList.Exclude && field is not (AuditField.Pid or AuditField.Uid or AuditField.Gid
                    or AuditField.LoginUid or AuditField.MessageType or AuditField.SubjectUser or AuditField.SubjectRole
                    or AuditField.SubjectType or AuditField.SubjectSensitivity or AuditField.SubjectClearance or AuditField.Exe))
                throw Error(argument, $"'{name}' cannot be used on the exclude list (pid, uid, gid, auid, msgtype, subj_*, exe can)");

            _fields.Add(ParseFieldValue(argument, list, field, name, op, value));
        }

        private AuditRuleField ParseFieldValue(AuditRuleToken argument, AuditFilterList list, AuditField field, string name, AuditOperator op, string value)
        {
            switch (field)
            {
                case AuditField.Uid or AuditField.Euid or AuditField.Suid or AuditField.Fsuid or AuditField.LoginUid or AuditField.ObjectUid:
                {
                    if (TryParseSignedOrUnsigned(value, out var number)) return new(field, op, number);
                    if (value == "unset") return new(field, op, uint.MaxValue);
                    if (options.ResolveUser(value) is { } uid) return new(field, op, uid);
                    throw Error(argument, $"unknown user '{value}'");
                }
                case AuditField.Gid or AuditField.Egid or AuditField.Sgid or AuditField.Fsgid or AuditField.ObjectGid:
                {
                    if (char.IsAsciiDigit(value[0]))
                        return new(field, op, ParseNumberOrThrow(argument, name, value));
                    if (options.ResolveGroup(value) is { } gid) return new(field, op, gid);
                    throw Error(argument, $"unknown group '{value}'");
                }
                case AuditField.Exit:
                {
                    RequireList(argument, list, name, AuditFilterList.Exit);
                    if (TryParseSignedOrUnsigned(value, out var number)) return new(field, op, number);
                    var negative = value.StartsWith('-');
                    if (!ErrnoTable.TryGetNumber(negative ? value[1..] : value, out var errno))
                        throw Error(argument, $"unknown errno name '{value}' (such as -EACCES, -EPERM)");
                    return new(field, op, unchecked((uint)(negative ? -errno : errno)));
                }
                case AuditField.MessageType:
                {
                    if (list is not (AuditFilterList.Exclude or AuditFilterList.User))
                        throw Error(argument, "msgtype can only be used on the exclude and user lists");
                    if (char.IsAsciiDigit(value[0])) return new(field, op, ParseNumberOrThrow(argument, name, value));
                    if (MessageTypeTable.TryGetNumber(value, out var type)) return new(field, op, (uint)type);
                    throw Error(argument, $"unknown record type '{value}'");
                }
                case AuditField.ObjectUser or AuditField.ObjectRole or AuditField.ObjectType or AuditField.ObjectLevelLow
                    or AuditField.ObjectLevelHigh or AuditField.Watch or AuditField.Dir:
                    RequireList(argument, list, name, AuditFilterList.Exit);
                    if (field is AuditField.Watch or AuditField.Dir) _permAdded = true;
                    return TextField(argument, field, op, value);
                case AuditField.SubjectUser or AuditField.SubjectRole or AuditField.SubjectType or AuditField.SubjectSensitivity
                    or AuditField.SubjectClearance:
                    return TextField(argument, field, op, value);
                case AuditField.Exe:
                    if (op is not (AuditOperator.Equal or AuditOperator.NotEqual)) throw Error(argument, "exe takes only = or !=");
                    _exeAdded = true;
                    return TextField(argument, field, op, value);
                case AuditField.Arch:
                {
                    if (_syscallAdded) throw Error(argument, "arch must come before the syscalls (-S)");
                    if (op is not (AuditOperator.Equal or AuditOperator.NotEqual)) throw Error(argument, "arch takes only = or !=");
                    uint arch;
                    if (char.IsAsciiDigit(value[0]))
                    {
                        arch = ParseNumberOrThrow(argument, name, value);
                        if (!AuditArch.IsKnown(arch)) throw Error(argument, $"unknown arch number {value}");
                    }
                    else arch = AuditArch.Resolve(value, options.NativeArch) ?? throw Error(argument, $"unknown arch '{value}' for this machine");
                    _arch = arch;
                    return new(field, op, arch);
                }
                case AuditField.Perm:
                {
                    RequireList(argument, list, name, AuditFilterList.Exit);
                    if (op != AuditOperator.Equal) throw Error(argument, "perm takes only =");
                    var perms = AuditPermissions.Parse(value) ?? throw Error(argument, "perm is up to four of the letters r, w, x, a");
                    _permAdded = true;
                    return new(field, op, perms);
                }
                case AuditField.FileType:
                {
                    RequireList(argument, list, name, AuditFilterList.Exit);
                    var mode = FilesystemTypes.GetFileMode(value)
                        ?? throw Error(argument, $"unknown file type '{value}' (file, dir, socket, link, character, block, fifo)");
                    return new(field, op, mode);
                }
                case AuditField.FilesystemType:
                {
                    if (list != AuditFilterList.Filesystem) throw Error(argument, "fstype can only be used on the filesystem list");
                    if (op is not (AuditOperator.Equal or AuditOperator.NotEqual)) throw Error(argument, "fstype takes only = or !=");
                    _filesystemAdded = true;
                    if (char.IsAsciiDigit(value[0])) return new(field, op, ParseNumberOrThrow(argument, name, value));
                    return new(field, op, FilesystemTypes.GetMagic(value) ?? throw Error(argument, $"unknown file system type '{value}'"));
                }
                case >= AuditField.Arg0 and <= AuditField.Arg3:
                {
                    if (TryParseSignedOrUnsigned(value, out var number)) return new(field, op, number);
                    throw Error(argument, $"{name} takes a number");
                }
                case AuditField.SessionId:
                {
                    if (list is not (AuditFilterList.Exclude or AuditFilterList.User or AuditFilterList.Exit))
                        throw Error(argument, "sessionid can only be used on the exit, user and exclude lists");
                    if (TryParseSignedOrUnsigned(value, out var number)) return new(field, op, number);
                    if (value == "unset") return new(field, op, uint.MaxValue);
                    throw Error(argument, "sessionid takes a number or 'unset'");
                }
                case AuditField.SocketAddressFamily:
                {
                    var family = ParseNumberOrThrow(argument, name, value);
                    if (family >= 46) throw Error(argument, "saddr_fam is beyond the last address family");
                    return new(field, op, family);
                }
                case AuditField.FieldCompare:
                    throw Error(argument, "write field comparisons with -C");
                default:
                {
                    if (field is AuditField.DevMajor or AuditField.DevMinor or AuditField.Inode or AuditField.Success or AuditField.Ppid)
                        RequireList(argument, list, name, AuditFilterList.Exit);
                    if (field == AuditField.Inode && op is not (AuditOperator.Equal or AuditOperator.NotEqual))
                        throw Error(argument, "inode takes only = or !=");
                    if (!char.IsAsciiDigit(value[0])) throw Error(argument, $"{name} takes a number");
                    return new(field, op, ParseNumberOrThrow(argument, name, value));
                }
            }
        }

        private static AuditRuleField TextField(AuditRuleToken argument, AuditField field, AuditOperator op, string value)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(value) > 4096) throw Error(argument, "the value is longer than PATH_MAX");
            return AuditRuleField.FromText(field, op, value);
        }

        private static void RequireList(AuditRuleToken argument, AuditFilterList list, string name, AuditFilterList required)
        {
            if (list != required) throw Error(argument, $"{name} can only be used on the {AuditRuleNames.ToName(required)} list");
        }

        private static uint ParseNumberOrThrow(AuditRuleToken argument, string name, string value) =>
            TryParseC(value, out var number) ? unchecked((uint)number) : throw Error(argument, $"'{value}' is not a number for {name}");

        // auditctl: a leading digit reads as unsigned, "-digit" as signed; both with C's base prefixes (0x, 0).
        private static bool TryParseSignedOrUnsigned(string value, out uint number)
        {
            number = 0;
            if (char.IsAsciiDigit(value[0]))
            {
                if (!TryParseC(value, out var parsed)) return false;
                number = unchecked((uint)parsed);
                return true;
            }
            if (value.Length >= 2 && value[0] == '-' && char.IsAsciiDigit(value[1]))
            {
                if (!TryParseC(value[1..], out var parsed)) return false;
                number = unchecked((uint)-(long)parsed);
                return true;
            }
            return false;
        }

        private static AuditRuleSyntaxException Error(AuditRuleToken token, string reason) =>
            new(reason, token.Index, token.Column, token.Value);
    }

    /// <summary>strtoul with base 0: 0x hex, leading 0 octal, else decimal; the whole text must be the number.</summary>
    internal static bool TryParseC(string text, out ulong value)
    {
        value = 0;
        if (text.Length > 2 && text[0] == '0' && (text[1] is 'x' or 'X'))
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (text.Length > 1 && text[0] == '0')
        {
            foreach (var c in text.AsSpan(1))
            {
                if (c is < '0' or > '7') return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
