using Recorder.Contracts.Events;
using Recorder.Host.Subscriptions;
using static Recorder.Host.Tests.Subscriptions.TestSchemas;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>How filters combine: AND inside a filter, OR between filters, exclude over include, ancestry, types.</summary>
public sealed class FilterSemanticsTests
{
    [Fact]
    public void No_filters_means_every_event_of_the_wanted_types()
    {
        var s = WithFilters("[file.*]", "");
        Assert.True(s.Filter.IsMatchAll);
        Assert.True(s.Accepts(FileEvent("/anything")));
        Assert.False(s.Accepts(Event(EventSchemas.ProcessStart)));
    }

    [Fact]
    public void Terms_inside_one_filter_are_ANDed()
    {
        var s = WithFilters("[file.write]", """
                include:
                  - file.path: { begins_with: /etc/ }
                    process.path: /usr/bin/vim
            """);
        Assert.True(s.Accepts(FileEvent("/etc/hosts", "/usr/bin/vim")));
        Assert.False(s.Accepts(FileEvent("/etc/hosts", "/usr/bin/nano")));
        Assert.False(s.Accepts(FileEvent("/tmp/x", "/usr/bin/vim")));
    }

    [Fact]
    public void Filters_in_a_list_are_ORed()
    {
        var s = WithFilters("[file.write]", """
                include:
                  - file.path: { begins_with: /etc/ }
                  - process.path: /usr/bin/vim
            """);
        Assert.True(s.Accepts(FileEvent("/etc/hosts", "/usr/bin/nano")));
        Assert.True(s.Accepts(FileEvent("/tmp/x", "/usr/bin/vim")));
        Assert.False(s.Accepts(FileEvent("/tmp/x", "/usr/bin/nano")));
    }

    [Fact]
    public void Exclude_wins_over_include()
    {
        var s = WithFilters("[file.write]", """
                include:
                  - file.path: { begins_with: /etc/ }
                exclude:
                  - file.path: /etc/mtab
                  - process.path: { ends_with: /updatedb }
            """);
        Assert.True(s.Accepts(FileEvent("/etc/hosts")));
        Assert.False(s.Accepts(FileEvent("/etc/mtab")));
        Assert.False(s.Accepts(FileEvent("/etc/hosts", "/usr/bin/updatedb")));
        Assert.False(s.Accepts(FileEvent("/tmp/x")));
    }

    [Fact]
    public void Exclude_alone_keeps_everything_else()
    {
        var s = WithFilters("[file.*]", """
                exclude:
                  - file.path: { begins_with: /var/lib/recorder/ }
            """);
        Assert.False(s.Accepts(FileEvent("/var/lib/recorder/recorder.db-wal")));
        Assert.True(s.Accepts(FileEvent("/var/lib/other")));
    }

    [Fact]
    public void A_single_mapping_is_one_filter()
    {
        var s = WithFilters("[file.write]", """
                include:
                  file.path: { begins_with: /etc/ }
                  process.path: /usr/bin/vim
            """);
        Assert.True(s.Accepts(FileEvent("/etc/hosts", "/usr/bin/vim")));
        Assert.False(s.Accepts(FileEvent("/etc/hosts", "/bin/sh")));
    }

    [Fact]
    public void Ancestry_matches_when_any_ancestor_matches()
    {
        var s = WithFilters("[process.start]", """
                include:
                  - process.ancestry_path: { ends_with: /sshd }
            """);
        Assert.True(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls", "/bin/bash", "/usr/sbin/sshd", "/sbin/init")));
        Assert.False(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls", "/bin/bash", "/usr/sbin/cron", "/sbin/init")));
        Assert.False(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls"))); // no ancestry known
    }

    [Fact]
    public void Negated_ancestry_means_no_ancestor_matches()
    {
        var s = WithFilters("[process.start]", """
                include:
                  - process.ancestry_path: { is_not: /usr/sbin/cron }
            """);
        Assert.False(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls", "/bin/sh", "/usr/sbin/cron")));
        Assert.True(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls", "/bin/sh", "/usr/sbin/sshd")));
    }

    [Fact]
    public void Args_match_when_any_argument_matches_and_keep_spaces_and_quotes_exact()
    {
        var s = WithFilters("[process.start]", """
                include:
                  - process.args: 'two words'
                  - process.args: { begins_with: '--password=' }
                  - process.args: { regex: '^q"uote$', ignore_case: true }
            """);
        RecorderEvent WithArgs(params string[] args)
        {
            var e = Event(EventSchemas.ProcessStart, "/bin/echo");
            e.Process.Arguments = args;
            return e;
        }
        Assert.True(s.Accepts(WithArgs("/bin/echo", "two words")));
        Assert.False(s.Accepts(WithArgs("/bin/echo", "two", "words"))); // the same command line, other argv
        Assert.True(s.Accepts(WithArgs("mysql", "-u", "root", "--password=secret")));
        Assert.True(s.Accepts(WithArgs("/bin/echo", "Q\"UOTE")));
        Assert.False(s.Accepts(WithArgs("/bin/echo", "x --password=y")));
        Assert.False(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/echo"))); // argv unknown

        var excluded = WithFilters("[process.start]", """
                exclude:
                  - process.args: { contains: secret }
            """);
        Assert.False(excluded.Accepts(WithArgs("mysql", "--password=secret")));
        Assert.True(excluded.Accepts(WithArgs("mysql", "-u", "root")));
    }

    [Fact]
    public void A_list_field_of_a_plugin_type_matches_when_any_element_does()
    {
        var schema = new EventSchema("acme.launch", "Acme launched something.", [new EventField("acme.argv", FieldType.StringList, "Its arguments.")]);
        var file = Parser(new TestSchemas(schema)).ParseText("""
            module: test
            subscriptions:
              - name: s
                events: [acme.launch]
                sink: sqlite
                include:
                  - acme.argv: { ends_with: .sh, ignore_case: true }
            """, "test.yaml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors));
        var s = Assert.Single(file.Subscriptions);
        var argv = schema.Key<IReadOnlyList<string>?>("acme.argv");
        RecorderEvent Launch(params string[] args)
        {
            var e = Event(schema);
            e.Set(argv, args);
            return e;
        }
        Assert.True(s.Accepts(Launch("/bin/sh", "/tmp/RUN.SH")));
        Assert.False(s.Accepts(Launch("/bin/sh", "-c", "echo run.sh now")));
        Assert.False(s.Accepts(Event(schema)));
    }

    [Fact]
    public void Ancestry_command_lines_and_users_are_searchable()
    {
        var s = WithFilters("[process.start]", """
                exclude:
                  - process.ancestry_cmd: { contains: 'sshd -D' }
                    process.ancestry_user_name: root
            """);
        Assert.False(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls", "/usr/sbin/sshd")));
        Assert.True(s.Accepts(Event(EventSchemas.ProcessStart, "/bin/ls", "/usr/sbin/cron")));
    }

    [Fact]
    public void A_filter_on_a_field_some_types_lack_does_not_match_those_types()
    {
        var s = WithFilters("[process.start, file.*]", """
                exclude:
                  - file.path: { begins_with: /tmp/ }
            """);
        Assert.True(s.Accepts(Event(EventSchemas.ProcessStart))); // not excluded: it has no file.path
        Assert.False(s.Accepts(FileEvent("/tmp/a")));
        Assert.True(s.Accepts(FileEvent("/etc/a")));

        var included = WithFilters("[process.start, file.*]", """
                include:
                  - file.path: { is_not: /tmp/a }
            """);
        Assert.False(included.Accepts(Event(EventSchemas.ProcessStart))); // the filter cannot apply: not included
        Assert.True(included.Filter.NeverMatches(EventSchemas.ProcessStart));
        Assert.False(included.Filter.NeverMatches(EventSchemas.FileWrite));
    }

    [Fact]
    public void Same_field_name_in_several_types_is_resolved_per_type()
    {
        var custom = new EventSchema("acme.sample", "Third-party type with file.path at another ordinal.",
            [new EventField("acme.first", FieldType.String, "first"), new EventField("file.path", FieldType.String, "path")]);
        var schemas = new TestSchemas(custom);
        var file = Parser(schemas).ParseText("""
            module: m
            subscriptions:
              - name: s
                events: [file.write, acme.*]
                sink: sqlite
                include:
                  - file.path: /etc/passwd
            """, "t.yaml");
        var s = Assert.Single(file.Subscriptions);
        var acme = new RecorderEvent(custom);
        acme["acme.first"] = "/etc/passwd";
        acme["file.path"] = "/other";
        Assert.False(s.Accepts(acme));
        acme["file.path"] = "/etc/passwd";
        Assert.True(s.Accepts(acme));
        Assert.True(s.Accepts(FileEvent("/etc/passwd")));
    }

    [Theory]
    [InlineData("file.*", "file.write", true)]
    [InlineData("file.*", "file.rename", true)]
    [InlineData("file.*", "process.start", false)]
    [InlineData("*", "registry.value_set", true)]
    [InlineData("*.failure", "auth.failure", true)]
    [InlineData("*.failure", "auth.success", false)]
    [InlineData("registry.*_set", "registry.value_set", true)]
    [InlineData("registry.*_set", "registry.key_create", false)]
    [InlineData("file.write", "file.write", true)]
    [InlineData("file.write", "file.writer", false)]
    public void Wildcard_event_types(string pattern, string type, bool expected)
    {
        Assert.Equal(expected, new EventTypePattern(pattern).Matches(type));
        var s = Single($"module: m\nsubscriptions:\n  - name: s\n    events: ['{pattern}']\n    sink: sqlite\n");
        Assert.Equal(expected, s.WantsType(type));
    }

    [Fact]
    public void A_single_event_type_may_be_written_without_a_list()
    {
        var s = Single("module: m\nsubscriptions:\n  - name: s\n    events: process.start\n    sink: journal\n");
        Assert.Equal(["process.start"], s.EventTypePatterns);
    }

    [Fact]
    public void Filtering_allocates_nothing_per_event()
    {
        var s = WithFilters("[process.start, file.*, network.connect]", """
                include:
                  - process.ancestry_path: { ends_with: /sshd }
                  - network.remote_address: { in: [10.0.0.0/8, 127.0.0.53] }
                    network.remote_port: 53
                  - file.path: { begins_with: [/etc/, /root/] }
                    process.uid: { less_than: 1000 }
                exclude:
                  - process.path: { in: [/usr/bin/updatedb, /usr/sbin/logrotate] }
                  - file.path: { regex: '\.swp$' }
            """);
        var events = new[]
        {
            Event(EventSchemas.ProcessStart, "/bin/ls", "/bin/bash", "/usr/sbin/sshd"),
            FileEvent("/etc/hosts"),
            FileEvent("/root/.bashrc.swp"),
            Event(EventSchemas.NetworkConnect),
        };
        events[3]["network.remote_address"] = "10.20.30.40";
        events[3]["network.remote_port"] = 53L;
        events[1].Process.Uid = 0;
        foreach (var e in events) s.Accepts(e); // warm up: per-type plans are built once
        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = 0;
        for (var i = 0; i < 1000; i++)
            foreach (var e in events)
                if (s.Accepts(e)) accepted++;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3000, accepted);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Disabled_subscriptions_are_parsed_but_not_active()
    {
        var file = Parser().ParseText("""
            module: m
            subscriptions:
              - name: off
                enabled: false
                events: [file.*]
                sink: sqlite
              - name: on
                events: [process.*]
                sink: sqlite
            """, "m.yaml");
        Assert.True(file.IsValid);
        var set = SubscriptionSet.FromFiles([file]);
        Assert.Equal(["on"], set.Active.Select(s => s.Name));
    }
}

/// <summary>The fast path (ordinals resolved per type, typed readers) decides exactly as plain name lookup does.</summary>
public sealed class FilterDifferentialTests
{
    [Fact]
    public void Compiled_filters_agree_with_name_lookup_on_varied_events()
    {
        var s = WithFilters("[process.*, file.*, network.*, auth.*]", """
                include:
                  - process.ancestry_path: { ends_with: /sshd }
                  - file.path: { begins_with: [/etc/, /root/], ignore_case: true }
                    process.uid: { less_than: 1000 }
                  - network.remote_address: { not_in: [10.0.0.0/8] }
                  - event.outcome: failure
                    process.login_uid: { exists: true }
                exclude:
                  - process.path: { in: [/usr/bin/updatedb] }
                  - file.path: { regex: '\.swp$' }
                  - process.exit_code: { greater_than: 0 }
            """);
        var random = new Random(7);
        string?[] paths = [null, "/etc/hosts", "/ETC/x.swp", "/root/a", "/tmp/b", "/usr/bin/updatedb"];
        EventSchema[] types = [EventSchemas.ProcessStart, EventSchemas.ProcessExit, EventSchemas.FileWrite, EventSchemas.NetworkConnect, EventSchemas.AuthFailure];
        var kept = 0;
        for (var i = 0; i < 5000; i++)
        {
            var schema = types[random.Next(types.Length)];
            var e = Event(schema, paths[random.Next(paths.Length)], random.Next(3) == 0 ? ["/bin/sh", "/usr/sbin/sshd"] : ["/sbin/init"]);
            e.Outcome = (EventOutcome)random.Next(3);
            if (random.Next(2) == 0) e.Process.Uid = random.Next(2) * 1000;
            if (random.Next(2) == 0) e.Process.LoginUid = 1000;
            if (schema == EventSchemas.FileWrite) e["file.path"] = paths[random.Next(paths.Length)];
            if (schema == EventSchemas.ProcessExit && random.Next(2) == 0) e["process.exit_code"] = (long)random.Next(-1, 2);
            if (schema == EventSchemas.NetworkConnect && random.Next(4) > 0) e["network.remote_address"] = random.Next(2) == 0 ? "10.1.1.1" : "::1";
            var fast = s.Filter.Matches(e);
            Assert.Equal(s.Filter.MatchesUsingNameLookup(e), fast);
            if (fast) kept++;
        }
        Assert.InRange(kept, 500, 4500); // the mix exercises both outcomes
    }
}
