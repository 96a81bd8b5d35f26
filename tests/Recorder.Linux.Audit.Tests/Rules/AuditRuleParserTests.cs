using Recorder.Linux.Audit.Rules;

namespace Recorder.Linux.Audit.Tests.Rules;

public sealed class AuditRuleParserTests
{
    private static readonly AuditRuleParserOptions X86_64 = new() { NativeArch = AuditArch.X86_64 };

    private static AuditRule Parse(string text) => AuditRuleParser.Parse(text, X86_64);

    private static AuditRuleSyntaxException Refused(string text) => Assert.Throws<AuditRuleSyntaxException>(() => Parse(text));

    [Theory]
    [InlineData("-a always,exit -F arch=b64 -S openat")]
    [InlineData("-a exit,always -F arch=b64 -S openat")]
    public void List_and_action_may_come_in_either_order(string text)
    {
        var rule = Parse(text);

        Assert.Equal(AuditFilterList.Exit, rule.List);
        Assert.Equal(AuditRuleAction.Always, rule.Action);
        Assert.Equal(AuditRuleCommand.Append, rule.Command);
        Assert.Equal("-a always,exit -F arch=b64 -S openat", AuditRuleFormatter.Format(rule));
    }

    [Fact]
    public void Dash_A_prepends_and_the_kernel_sees_the_prepend_flag()
    {
        var rule = Parse("-A never,exit -F arch=b64 -S all -F pid=4242");

        Assert.Equal(AuditRuleCommand.Prepend, rule.Command);
        Assert.Equal((uint)AuditFilterList.Exit | AuditRuleNames.PrependFlag, BitConverter.ToUInt32(AuditRuleEncoder.Encode(rule), 0));
    }

    [Fact]
    public void Syscalls_by_name_number_comma_list_and_repeated_S_are_one_mask()
    {
        var rule = Parse("-a always,exit -F arch=b64 -S open,openat -S 87 -S 0x52");

        // open=2, openat=257, unlink=87, rename=82 in x86_64's table.
        Assert.Equal([2, 82, 87, 257], rule.Syscalls.Numbers);
        Assert.Equal("-a always,exit -F arch=b64 -S open,rename,unlink,openat", AuditRuleFormatter.Format(rule));
    }

    [Fact]
    public void Syscall_names_follow_the_arch_given_before_them()
    {
        var b32 = Parse("-a always,exit -F arch=b32 -S open");
        var b64 = Parse("-a always,exit -F arch=b64 -S open");

        Assert.Equal([5], b32.Syscalls.Numbers);  // i386
        Assert.Equal([2], b64.Syscalls.Numbers);  // x86_64
        Assert.Equal(AuditArch.I386, b32.Arch);
    }

    [Fact]
    public void S_all_and_a_rule_without_S_both_cover_every_syscall()
    {
        Assert.True(Parse("-a always,exit -S all -F exit=-EPERM").Syscalls.IsAll);
        Assert.True(Parse("-a always,exit -F path=/etc/shadow -F perm=r").Syscalls.IsAll);
        Assert.True(Parse("-a never,task").Syscalls.IsEmpty); // the task list takes no syscalls
    }

    [Theory]
    [InlineData("uid=0", AuditOperator.Equal, 0u)]
    [InlineData("uid!=0", AuditOperator.NotEqual, 0u)]
    [InlineData("auid<1000", AuditOperator.LessThan, 1000u)]
    [InlineData("auid>1000", AuditOperator.GreaterThan, 1000u)]
    [InlineData("auid<=1000", AuditOperator.LessThanOrEqual, 1000u)]
    [InlineData("auid>=1000", AuditOperator.GreaterThanOrEqual, 1000u)]
    [InlineData("a0&0x7C020000", AuditOperator.BitMask, 0x7C020000u)]
    [InlineData("a1&=0100", AuditOperator.BitTest, 64u)] // C-style octal, as auditctl reads numbers
    public void Every_operator_is_read(string condition, AuditOperator op, uint value)
    {
        var field = Parse("-a always,exit -F arch=b64 -S openat -F " + condition).Fields[^1];

        Assert.Equal(op, field.Operator);
        Assert.Equal(value, field.Value);
    }

    [Fact]
    public void User_and_group_names_resolve_to_ids_and_unset_is_minus_one()
    {
        var rule = Parse("-a always,exit -F arch=b64 -S openat -F uid=root -F gid=root -F auid!=unset -F euid=-1");

        Assert.Equal([0u, 0u, uint.MaxValue, uint.MaxValue], rule.Fields.Skip(1).Select(f => f.Value));
    }

    [Fact]
    public void An_unknown_user_is_refused_naming_the_argument()
    {
        var error = Refused("-a always,exit -F arch=b64 -S openat -F uid=no-such-user-here");

        Assert.Contains("unknown user 'no-such-user-here'", error.Message);
        Assert.Equal(8, error.ArgumentIndex);
        Assert.Equal("uid=no-such-user-here", error.Argument);
    }

    [Theory]
    [InlineData("exit=-EACCES", -13)]
    [InlineData("exit=EPERM", 1)]
    [InlineData("exit=-2", -2)]
    public void Exit_takes_errno_names_and_numbers(string condition, int expected)
    {
        var rule = Parse("-a always,exit -F arch=b64 -S openat -F " + condition);

        Assert.Equal(expected, unchecked((int)rule.Fields[^1].Value));
    }

    [Theory]
    [InlineData("-C uid!=euid", 11u, AuditOperator.NotEqual)]
    [InlineData("-C euid=uid", 11u, AuditOperator.Equal)]
    [InlineData("-C auid=obj_uid", 5u, AuditOperator.Equal)]
    [InlineData("-C sgid!=fsgid", 25u, AuditOperator.NotEqual)]
    public void Field_comparisons_map_to_the_kernels_pair_numbers(string comparison, uint number, AuditOperator op)
    {
        var field = Parse("-a always,exit -F arch=b64 -S execve " + comparison).Fields[^1];

        Assert.Equal(new AuditRuleField(AuditField.FieldCompare, op, number), field);
    }

    [Fact]
    public void A_comparison_of_a_uid_with_a_gid_is_refused()
    {
        Assert.Contains("cannot be compared", Refused("-a always,exit -F arch=b64 -S execve -C uid=gid").Message);
    }

    [Fact]
    public void Several_keys_are_joined_with_0x01_and_stored_last()
    {
        var rule = Parse("-a always,exit -F arch=b64 -S openat -k first -F key=second -F success=1 -k third");

        Assert.Equal(["first", "second", "third"], rule.Keys);
        var bytes = AuditRuleEncoder.Encode(rule);
        Assert.EndsWith("first\u0001second\u0001third", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("-a always,exit -F arch=b64 -S openat -F success=1 -F key=first -F key=second -F key=third", AuditRuleFormatter.Format(rule));
    }

    [Theory]
    [InlineData("-w \"/srv/my data\" -p r -k q")]
    [InlineData("-w '/srv/my data' -p r -k q")]
    [InlineData(@"-w /srv/my\ data -p r -k q")]
    public void Quoted_and_escaped_paths_keep_their_spaces(string text)
    {
        var rule = AuditRuleParser.Parse(text, new AuditRuleParserOptions { IsDirectory = _ => true });

        Assert.True(rule.IsWatch);
        Assert.Equal(new AuditRuleField(AuditField.Dir, AuditOperator.Equal, 12, "/srv/my data"), rule.Fields[0]);
        Assert.Equal(new AuditRuleField(AuditField.Perm, AuditOperator.Equal, AuditPermissions.Read), rule.Fields[1]);
    }

    [Fact]
    public void A_watch_is_a_path_for_a_file_and_a_dir_for_a_directory_on_this_machine()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(AuditField.Watch, AuditRuleParser.Parse($"-w {file} -p wa").Fields[0].Field);
            Assert.Equal(AuditField.Dir, AuditRuleParser.Parse($"-w {Path.GetDirectoryName(file)}/ -p wa").Fields[0].Field);
            Assert.Equal(Path.GetDirectoryName(file), AuditRuleParser.Parse($"-w {Path.GetDirectoryName(file)}/ -p wa").WatchPath);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("-a always,exit -F arch=b64 -S openat -F nosuchfield=1", 8, "unknown field 'nosuchfield'")]
    [InlineData("-a always,exit -F arch=b64 -S no_such_call", 6, "unknown syscall 'no_such_call' for x86_64")]
    [InlineData("-a always,exit -F arch=b64 -S openat -F uid", 8, "missing operator")]
    [InlineData("-a always,exit -F arch=b64 -S openat -F perm=rq", 8, "perm is up to four of the letters")]
    [InlineData("-a always,exit -F arch=b64 -S openat -F msgtype=EXECVE", 8, "msgtype can only be used on the exclude and user lists")]
    [InlineData("-a always,exit -S openat -F arch=b64", 6, "arch must come before the syscalls")]
    [InlineData("-a always,exclude -F arch=b64 -S openat", 4, "'arch' cannot be used on the exclude list")]
    [InlineData("-a always,sometimes -S openat", 2, "unknown list or action")]
    [InlineData("-a possible,exit -S openat", 2, "'possible' is deprecated")]
    [InlineData("-F uid=0 -a always,exit", 2, "give the list (-a) before -F")]
    [InlineData("-a always,exit -F arch=b64 -S openat -F exe=/bin/ls -F exe>/bin/ls", 10, "exe takes only = or !=")]
    [InlineData("-a always,exit -F arch=b64 -S openat -F a0=abc", 8, "a0 takes a number")]
    [InlineData("-a always,exit -F arch=b64 -S openat extra", 7, "argument given without an option")]
    [InlineData("-w relative/path", 2, "must start with '/'")]
    [InlineData("-k orphan", 2, "a key needs a watch, a syscall or an exe condition")]
    public void Bad_rules_are_refused_naming_the_argument(string text, int argument, string reason)
    {
        var error = Refused(text);

        Assert.Contains(reason, error.Message);
        Assert.Equal(argument, error.ArgumentIndex);
        Assert.Contains($"argument {argument} ", error.Message);
    }

    [Theory]
    [InlineData("-D", "-D")]
    [InlineData("-e 2", "-e")]
    [InlineData("-b 8192", "-b")]
    [InlineData("--backlog_wait_time 60000", "--backlog_wait_time")]
    public void Control_lines_are_not_rules(string text, string control)
    {
        Assert.Contains($"'{control}' is a control command", Refused(text).Message);
    }

    [Fact]
    public void A_file_is_read_line_by_line_with_comments_blank_lines_and_line_numbers()
    {
        const string text = "# comment\n\n-D\n-a always,exit -F arch=b64 -S openat -k one\n   \n-a always,exit -S bogus\n-w /etc/passwd -p wa -k two\r\n";

        var file = AuditRuleParser.ParseFile(text, "test.rules", X86_64);

        Assert.Equal([3, 4, 6, 7], file.Lines.Select(l => l.LineNumber));
        Assert.Equal([AuditRuleLineKind.Control, AuditRuleLineKind.Rule, AuditRuleLineKind.Error, AuditRuleLineKind.Rule], file.Lines.Select(l => l.Kind));
        var error = Assert.Single(file.Errors).Error!;
        Assert.Equal(6, error.Line);
        Assert.StartsWith("test.rules:6, argument 4 'bogus'", error.Message);
        Assert.Equal(["one", "two"], file.Rules.SelectMany(r => r.Keys));
    }

    [Fact]
    public void The_shipped_rule_sets_all_compile()
    {
        var directory = Path.Combine(Recorder.Tests.Shared.RepoPaths.SharedData, "linux-audit", "audit-userspace", "rules");
        var files = Directory.GetFiles(directory, "*.rules");
        Assert.Equal(34, files.Length);
        var rules = 0;
        // 22-ignore-chrony.rules names the user chrony, which this machine does not have (auditctl refuses it here
        // too): resolve names this machine lacks to a stand-in id so the rest of each line is still checked.
        var options = new AuditRuleParserOptions
        {
            NativeArch = AuditArch.X86_64,
            ResolveUser = name => AuditRuleParserOptions.Default.ResolveUser(name) ?? 4242,
        };
        foreach (var path in files)
        {
            var file = AuditRuleParser.ParseFile(File.ReadAllText(path), Path.GetFileName(path), options);
            Assert.Equal([], file.Errors.Select(e => e.Error!.Message));
            foreach (var rule in file.Rules)
            {
                Assert.NotEmpty(AuditRuleEncoder.Encode(rule));
                rules++;
            }
        }
        Assert.Equal(269, rules); // every -a/-A/-w line of the 34 files
    }
}
