using System.Text.Json;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;
using Recorder.Tests.Ecs;

namespace Recorder.Contracts.Tests.Ecs;

/// <summary>
/// The ECS documents of every event type validate against the pinned ECS release's field definitions, and carry
/// the values a SIEM reads where it looks for them.
/// </summary>
public sealed class EcsDocumentTests
{
    private static readonly EcsDocumentValidator Validator = new(EcsFieldDefinitions.Current);

    private static readonly EcsHostInfo Host = new("web01", "8f5b2c8a1e9d4b7f9e3a6c2d1b0a9f8e", "x86_64", "linux", "Debian GNU/Linux", "12", "6.1.0-27-amd64", "debian");

    public static TheoryData<string> AllTypes => [.. EventSchemas.All.Select(s => s.Name)];

    private static JsonElement Document(RecorderEvent e, EcsHostInfo? host = null) =>
        JsonDocument.Parse(EcsDocument.ToUtf8(e, host)).RootElement;

    private static EventSchema Schema(string type) => EventSchemas.All.Single(s => s.Name == type);

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_event_type_validates_against_ecs_8_11_as_linux_windows_and_replayed_events(string type)
    {
        foreach (var (flavour, e) in new[]
                 {
                     ("linux", RealisticEvents.Linux(Schema(type))),
                     ("windows", RealisticEvents.Windows(Schema(type))),
                     ("replayed", RealisticEvents.Replayed(Schema(type))),
                     ("bare", new RecorderEvent(Schema(type)) { Id = 1, Time = DateTime.UtcNow }),
                 })
        {
            var problems = Validator.Validate(Document(e, Host));
            Assert.True(problems.Count == 0, $"{type} ({flavour}):\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void The_validator_rejects_unknown_fields_wrong_types_single_values_for_arrays_and_disallowed_categories()
    {
        var bad = JsonDocument.Parse("""
            {"@timestamp":"yesterday","event":{"kind":"event","category":["file"],"type":["start"],"sequence":"12"},
             "process":{"pid":"4242","args":"ls -l","executabel":"/bin/ls"},"source":{"ip":"not-an-ip"},"recorder":{"anything":1}}
            """).RootElement;
        var problems = Validator.Validate(bad);
        Assert.Contains(problems, p => p.StartsWith("@timestamp:"));
        Assert.Contains(problems, p => p.StartsWith("event.sequence:"));
        Assert.Contains(problems, p => p.StartsWith("process.pid:"));
        Assert.Contains(problems, p => p.StartsWith("process.args:") && p.Contains("array"));
        Assert.Contains(problems, p => p.StartsWith("process.executabel:") && p.Contains("not an ECS"));
        Assert.Contains(problems, p => p.StartsWith("source.ip:"));
        Assert.Contains(problems, p => p.Contains("'start' is not expected with event.category 'file'"));
        Assert.DoesNotContain(problems, p => p.StartsWith("recorder."));
    }

    [Fact]
    public void A_process_start_carries_the_process_its_parent_the_users_and_the_host_where_ecs_puts_them()
    {
        var doc = Document(RealisticEvents.Linux(EventSchemas.ProcessStart), Host);
        Assert.Equal("2026-11-24T22:55:33.8511234Z", doc.GetProperty("@timestamp").GetString());
        var ev = doc.GetProperty("event");
        Assert.Equal("event", ev.GetProperty("kind").GetString());
        Assert.Equal(["process"], ev.GetProperty("category").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["start"], ev.GetProperty("type").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("process.start", ev.GetProperty("action").GetString());
        Assert.Equal("success", ev.GetProperty("outcome").GetString());
        Assert.Equal("4711", ev.GetProperty("id").GetString());
        Assert.Equal(4711, ev.GetProperty("sequence").GetInt64());
        Assert.Equal("recorder", ev.GetProperty("module").GetString());
        Assert.Equal("recorder.process", ev.GetProperty("dataset").GetString());
        Assert.Equal("linux-audit", ev.GetProperty("provider").GetString());

        var process = doc.GetProperty("process");
        Assert.Equal("6f1c1b1e-3a41-5d7e-9c11-0a6f3f2b4c5d", process.GetProperty("entity_id").GetString());
        Assert.Equal(4242, process.GetProperty("pid").GetInt64());
        Assert.Equal("/usr/bin/curl", process.GetProperty("executable").GetString());
        Assert.Equal(["curl", "-s", "https://example.com"], process.GetProperty("args").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(3, process.GetProperty("args_count").GetInt64());
        Assert.Equal("curl -s https://example.com", process.GetProperty("command_line").GetString());
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", process.GetProperty("hash").GetProperty("sha256").GetString());
        Assert.Equal("/home/alice", process.GetProperty("working_directory").GetString());
        Assert.Equal("2026-11-24T22:55:30Z", process.GetProperty("start").GetString());
        Assert.Equal(4100, process.GetProperty("parent").GetProperty("pid").GetInt64());
        Assert.Equal("/usr/bin/bash", process.GetProperty("parent").GetProperty("executable").GetString());

        var user = doc.GetProperty("user");
        Assert.Equal("0", user.GetProperty("id").GetString());
        Assert.Equal("root", user.GetProperty("name").GetString());
        Assert.Equal("0", user.GetProperty("effective").GetProperty("id").GetString());
        Assert.Equal("1000", user.GetProperty("audit").GetProperty("id").GetString());
        Assert.Equal("alice", user.GetProperty("audit").GetProperty("name").GetString());

        Assert.Equal("web01", doc.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal("linux", doc.GetProperty("host").GetProperty("os").GetProperty("type").GetString());
        Assert.Equal("12", doc.GetProperty("host").GetProperty("os").GetProperty("version").GetString());
        Assert.StartsWith("4f66ad9a", doc.GetProperty("container").GetProperty("id").GetString());
        Assert.Equal("recorder-test", doc.GetProperty("labels").GetProperty("audit_key").GetString());
        var recorder = doc.GetProperty("recorder");
        Assert.Equal(13, recorder.GetProperty("process").GetProperty("session").GetInt64());
        Assert.Equal(["/usr/sbin/sshd", "/usr/lib/systemd/systemd"],
            recorder.GetProperty("process").GetProperty("ancestry_path").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(247436, recorder.GetProperty("process").GetProperty("image_inode").GetInt64());
    }

    [Fact]
    public void An_accepted_connection_came_from_the_remote_end_and_an_outbound_one_goes_to_it()
    {
        var accepted = Document(RealisticEvents.Linux(EventSchemas.NetworkAccept));
        Assert.Equal("93.184.216.34", accepted.GetProperty("source").GetProperty("ip").GetString());
        Assert.Equal(443, accepted.GetProperty("source").GetProperty("port").GetInt64());
        Assert.Equal("10.0.0.5", accepted.GetProperty("destination").GetProperty("ip").GetString());
        Assert.Equal("ipv4", accepted.GetProperty("network").GetProperty("type").GetString());

        var connect = Document(RealisticEvents.Linux(EventSchemas.NetworkConnect));
        Assert.Equal("93.184.216.34", connect.GetProperty("destination").GetProperty("ip").GetString());
        Assert.Equal(51234, connect.GetProperty("source").GetProperty("port").GetInt64());
        Assert.Equal("tcp", connect.GetProperty("network").GetProperty("transport").GetString());
    }

    [Fact]
    public void A_login_names_the_account_as_the_user_and_moves_the_process_user_under_process()
    {
        var doc = Document(RealisticEvents.Linux(EventSchemas.SessionLogin));
        Assert.Equal("alice", doc.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("1000", doc.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("root", doc.GetProperty("process").GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("2001:db8::10", doc.GetProperty("source").GetProperty("ip").GetString());
        Assert.Equal("sshd", doc.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal(13, doc.GetProperty("recorder").GetProperty("session").GetProperty("id").GetInt64()); // Recorder's own: a number
        Assert.Equal(["authentication", "session"], doc.GetProperty("event").GetProperty("category").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Dns_answers_are_objects_and_the_response_code_is_named()
    {
        var dns = Document(RealisticEvents.Linux(EventSchemas.DnsQuery)).GetProperty("dns");
        Assert.Equal("example.com", dns.GetProperty("question").GetProperty("name").GetString());
        Assert.Equal("NXDOMAIN", dns.GetProperty("response_code").GetString());
        Assert.Equal(["93.184.216.34", "2606:2800:220:1::248"], dns.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("data").GetString()));
    }

    [Fact]
    public void A_windows_event_has_the_sid_as_user_id_and_registry_data_as_an_array()
    {
        var doc = Document(RealisticEvents.Windows(EventSchemas.RegistryValueSet));
        Assert.Equal("S-1-5-21-3623811015-3361044348-30300820-1013", doc.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("CORP", doc.GetProperty("user").GetProperty("domain").GetString());
        var registry = doc.GetProperty("registry");
        Assert.Equal(@"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run", registry.GetProperty("path").GetString());
        Assert.Equal([@"C:\Users\alice\AppData\updater.exe"], registry.GetProperty("data").GetProperty("strings").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("ws01.corp.example", doc.GetProperty("labels").GetProperty("windows_computer").GetString());
    }

    [Fact]
    public void A_replayed_event_names_the_host_of_its_log_and_nothing_of_this_machine()
    {
        var doc = Document(RealisticEvents.Replayed(EventSchemas.FileWrite), Host);
        var host = doc.GetProperty("host");
        Assert.Equal("web01", host.GetProperty("name").GetString());
        Assert.False(host.TryGetProperty("id", out _));
        Assert.False(host.TryGetProperty("os", out _));
        Assert.Equal("audit-log:5c1e0d8a", doc.GetProperty("recorder").GetProperty("replay").GetProperty("log_id").GetString());

        var unnamed = RealisticEvents.Linux(EventSchemas.FileWrite);
        unnamed.Replay = new ReplayOrigin("audit-log:1", null);
        Assert.False(Document(unnamed, Host).TryGetProperty("host", out _));
    }

    [Fact]
    public void Absent_values_leave_no_empty_objects()
    {
        var doc = Document(new RecorderEvent(EventSchemas.FileDelete) { Id = 3, Time = DateTime.UtcNow });
        Assert.Equal(["@timestamp", "event"], doc.EnumerateObject().Select(p => p.Name));
        Assert.False(doc.GetProperty("event").TryGetProperty("provider", out _));
    }

    [Fact]
    public void A_plugins_own_type_keeps_its_fields_under_recorder_even_when_their_names_nest_into_each_other()
    {
        var schema = new EventSchema("acme.sample", "A plugin's type.",
            [new("acme.size", FieldType.Int64, "Size."), new("acme.size.unit", FieldType.String, "Unit."), new("acme.seen", FieldType.Boolean, "Seen.")]);
        var e = new RecorderEvent(schema) { Id = 9, Time = DateTime.UtcNow };
        e["acme.size"] = 12L;
        e["acme.size.unit"] = "bytes";
        e["acme.seen"] = true;
        var doc = Document(e);
        Assert.Empty(Validator.Validate(doc));
        var recorder = doc.GetProperty("recorder");
        Assert.Equal(12, recorder.GetProperty("acme").GetProperty("size").GetInt64());
        Assert.True(recorder.GetProperty("acme").GetProperty("seen").GetBoolean());
        Assert.Equal("bytes", recorder.GetProperty("acme.size.unit").GetString());
        Assert.False(doc.GetProperty("event").TryGetProperty("category", out _));
    }

    [Fact]
    public void Documents_written_in_a_row_share_one_writer_and_stay_separate()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, EcsDocument.WriterOptions);
        EcsDocument.Write(writer, RealisticEvents.Linux(EventSchemas.ProcessStart));
        writer.Flush();
        var first = buffer.WrittenCount;
        writer.Reset();
        EcsDocument.Write(writer, RealisticEvents.Linux(EventSchemas.ProcessExit));
        writer.Flush();
        Assert.Equal("process.start", JsonDocument.Parse(buffer.WrittenMemory[..first]).RootElement.GetProperty("event").GetProperty("action").GetString());
        Assert.Equal("process.exit", JsonDocument.Parse(buffer.WrittenMemory[first..]).RootElement.GetProperty("event").GetProperty("action").GetString());
    }
}
