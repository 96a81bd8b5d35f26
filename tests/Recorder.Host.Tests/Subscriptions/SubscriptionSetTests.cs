using Recorder.Contracts.Events;
using Recorder.Host.Subscriptions;
using Recorder.Tests.Shared;
using static Recorder.Host.Tests.Subscriptions.TestSchemas;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>Loading folders of real files: isolation of bad files, overrides, wanted types, the shipped manifests.</summary>
public sealed class SubscriptionSetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-subs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static string Module(string module, string events, string sink = "sqlite", string extra = "") =>
        $"module: {module}\nsubscriptions:\n  - name: main\n    events: {events}\n    sink: {sink}\n{extra}";

    [Fact]
    public void One_bad_file_does_not_affect_the_others()
    {
        var dir = Folder("shipped");
        File.WriteAllText(Path.Combine(dir, "a.yaml"), Module("a", "[process.start]"));
        File.WriteAllText(Path.Combine(dir, "b.yaml"), "module: b\nsubscriptions:\n  - name: x\n    events: [file.write\n");
        File.WriteAllText(Path.Combine(dir, "c.yml"), Module("c", "[auth.*]", "journal"));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a subscription");

        var set = SubscriptionSet.Load([dir], new TestSchemas(), SinkExists);

        Assert.Equal(["a/main", "c/main"], set.Active.Select(s => s.QualifiedName));
        var error = Assert.Single(set.Errors);
        Assert.Equal(Path.Combine(dir, "b.yaml"), error.File);
        Assert.Equal(3, set.Files.Count);
    }

    [Fact]
    public void Missing_folder_holds_nothing()
    {
        var set = SubscriptionSet.Load([Path.Combine(_root, "nope")], new TestSchemas(), SinkExists);
        Assert.Empty(set.Active);
        Assert.Empty(set.Errors);
    }

    [Fact]
    public void Local_folder_overrides_a_shipped_module_of_the_same_name()
    {
        var shipped = Folder("shipped");
        var local = Folder("local");
        File.WriteAllText(Path.Combine(shipped, "core.yaml"), Module("core", "[process.*, file.*]"));
        File.WriteAllText(Path.Combine(shipped, "other.yaml"), Module("other", "[auth.*]", "journal"));
        File.WriteAllText(Path.Combine(local, "my-core.yaml"), "module: core\nsubscriptions: []\n");

        var set = SubscriptionSet.Load([shipped, local], new TestSchemas(), SinkExists);

        Assert.Equal(["other/main"], set.Active.Select(s => s.QualifiedName));
        Assert.Empty(set.Errors);
    }

    [Fact]
    public void The_same_module_twice_in_one_folder_is_an_error_on_the_second_file()
    {
        var dir = Folder("shipped");
        File.WriteAllText(Path.Combine(dir, "a.yaml"), Module("core", "[process.*]"));
        File.WriteAllText(Path.Combine(dir, "b.yaml"), Module("core", "[file.*]"));

        var set = SubscriptionSet.Load([dir], new TestSchemas(), SinkExists);

        Assert.Equal(["process.*"], Assert.Single(set.Active).EventTypePatterns);
        var error = Assert.Single(set.Errors);
        Assert.Equal(Path.Combine(dir, "b.yaml"), error.File);
        Assert.Contains("already defined", error.Message);
    }

    [Fact]
    public void Wanted_types_expand_wildcards_and_skip_types_no_filter_can_let_through()
    {
        var dir = Folder("shipped");
        File.WriteAllText(Path.Combine(dir, "a.yaml"), Module("a", "[file.*, process.start]", extra: "    include:\n      - file.path: { begins_with: /etc/ }\n"));
        File.WriteAllText(Path.Combine(dir, "b.yaml"), Module("b", "[auth.failure]", "journal"));

        var wanted = SubscriptionSet.Load([dir], new TestSchemas(), SinkExists).WantedTypes(new TestSchemas());

        var expected = EventSchemas.All.Select(s => s.Name).Where(n => n.StartsWith("file.", StringComparison.Ordinal)).Append("auth.failure");
        Assert.Equal(expected.Order(), wanted.Order());
    }

    [Fact]
    public void Sink_key_is_shared_by_equal_sinks_and_options()
    {
        var file = Parser().ParseText("""
            module: m
            subscriptions:
              - name: a
                events: [process.*]
                sink: { name: sqlite, options: { path: recorder.db, max_age_days: 90 } }
              - name: b
                events: [file.*]
                sink:
                  name: sqlite
                  options:
                    maxAgeDays: 90
                    path: recorder.db
              - name: c
                events: [file.*]
                sink: { name: sqlite, options: { path: other.db, max_age_days: 90 } }
              - name: d
                events: [auth.*]
                sink: { name: journal, options: { path: recorder.db, max_age_days: 90 } }
              - name: e
                events: [auth.*]
                sink: journal
              - name: f
                events: [session.*]
                sink: { name: journal, options: {} }
            """, "m.yaml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors));
        var key = file.Subscriptions.ToDictionary(s => s.Name, s => s.SinkKey);
        Assert.Equal(key["a"], key["b"]);
        Assert.NotEqual(key["a"], key["c"]);
        Assert.NotEqual(key["a"], key["d"]);
        Assert.Equal(key["e"], key["f"]);
        Assert.StartsWith("sqlite ", key["a"]);
    }

    [Fact]
    public void The_shipped_subscriptions_are_valid_and_route_what_they_promise()
    {
        // The signals module names the signals plugin's sink and the type its collector declares (docs/signals.md); the
        // signals and windows-history modules name the type the Windows event log importer declares (docs/windows.md).
        var schemas = new TestSchemas(new EventSchema("signal.sigma", "A Sigma rule matched an event.", []),
            new EventSchema("windows.event", "Windows event no typed mapping covers.", []));
        var set = SubscriptionSet.Load([Path.Combine(RepoPaths.Root, "manifests", "subscriptions")], schemas, name => SinkExists(name) || name == "signals");
        Assert.Empty(set.Errors);
        var wanted = set.WantedTypes(schemas);
        Assert.Contains(set.Active, s => s.SinkName == "signals" && s.WantsType("process.start") && s.WantsType("registry.value_set") && !s.WantsType("signal.sigma"));
        Assert.Contains(set.Active, s => s.SinkName == "sqlite" && s.WantsType("signal.sigma"));
        // An imported Windows log's other events are stored and evaluated.
        Assert.Contains(set.Active, s => s.SinkName == "signals" && s.WantsType("windows.event") && s.WantsType("session.login"));
        Assert.Contains(set.Active, s => s.SinkName == "sqlite" && s.WantsType("windows.event"));
        foreach (var type in new[] { "process.start", "process.exit", "file.create", "file.write", "file.rename", "file.delete",
                     "network.connect", "network.accept", "driver.load", "auth.success", "auth.failure", "privilege.change",
                     "session.login", "session.logout" })
            Assert.Contains(type, wanted);
        // Reads exist only under read rules an administrator registered: the history keeps them.
        Assert.Contains(set.Active, s => s.SinkName == "sqlite" && s.WantsType("file.read"));
        Assert.Contains(set.Active, s => s.SinkName == "sqlite" && s.SinkOptions.Values["path"] == "recorder.db");
        Assert.Contains(set.Active, s => s.SinkName == "journal" && s.WantsType("process.start") && s.WantsType("auth.failure"));

        // The recorder's own data folder is excluded from file history, so it does not record itself.
        var own = FileEvent("/var/lib/recorder/recorder.db-wal", "/usr/bin/recorder");
        Assert.DoesNotContain(set.Active, s => s.Accepts(own));
        Assert.Contains(set.Active, s => s.Accepts(FileEvent("/etc/passwd")));

        // A PATH search's failed attempts (ENOENT) stay out of the history; other failed execs and the real one stay in.
        Assert.DoesNotContain(set.Active, s => s.SinkName == "sqlite" && s.Accepts(Exec(EventOutcome.Failure, -2)));
        Assert.Contains(set.Active, s => s.SinkName == "sqlite" && s.Accepts(Exec(EventOutcome.Failure, -13)));
        Assert.Contains(set.Active, s => s.SinkName == "sqlite" && s.Accepts(Exec(EventOutcome.Success, 0)));
    }

    private static RecorderEvent Exec(EventOutcome outcome, long result)
    {
        var e = new RecorderEvent(EventSchemas.ProcessStart) { Outcome = outcome, ResultCode = result, Time = DateTime.UtcNow };
        e.Process.Executable = "/bin/sh";
        e.Set(EventSchemas.ProcessStart.ExecPath, "/usr/local/bin/make");
        return e;
    }
}
