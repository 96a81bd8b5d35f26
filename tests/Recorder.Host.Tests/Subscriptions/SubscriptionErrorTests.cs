using Recorder.Host.Subscriptions;
using static Recorder.Host.Tests.Subscriptions.TestSchemas;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>Every kind of mistake gets an error at its exact line and column; the rest of the file survives.</summary>
public sealed class SubscriptionErrorTests
{
    private const string Header = "module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n    sink: sqlite\n";

    private static SubscriptionError OnlyError(string yaml)
    {
        var file = Parser().ParseText(yaml, "bad.yaml");
        return Assert.Single(file.Errors);
    }

    private static void AssertError(string yaml, int line, int column, string messagePart)
    {
        var error = OnlyError(yaml);
        Assert.Equal("bad.yaml", error.File);
        Assert.True(line == error.Line && column == error.Column, $"expected {line}:{column}, got {error}");
        Assert.Contains(messagePart, error.Message);
        Assert.Equal($"bad.yaml:{line}:{column}: {error.Message}", error.ToString());
    }

    [Fact]
    public void Invalid_yaml_unclosed_bracket() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [file.write\n    sink: sqlite\n", 4, 13, "unclosed '['");

    [Fact]
    public void Invalid_yaml_bad_indentation() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n   sink: sqlite\n", 5, 4, "invalid YAML");

    [Fact]
    public void Invalid_yaml_tab() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n  \tevents: [a]\n", 4, 3, "a tab indents this line");

    [Fact]
    public void Duplicate_key() =>
        AssertError("module: m\nmodule: n\nsubscriptions: []\n", 2, 1, "invalid YAML");

    [Fact]
    public void Empty_file() => AssertError("", 1, 1, "empty");

    [Fact]
    public void Not_a_mapping() => AssertError("- a\n- b\n", 1, 1, "mapping");

    [Fact]
    public void Missing_module() => AssertError("subscriptions: []\n", 1, 1, "missing 'module:'");

    [Fact]
    public void Unknown_key_at_the_top() =>
        AssertError("module: m\nsubscription: []\n", 2, 1, "unknown key 'subscription'; did you mean 'subscriptions'?");

    [Fact]
    public void Unknown_key_in_a_subscription() =>
        AssertError(Header + "    exclud: []\n", 6, 5, "unknown key 'exclud'; did you mean 'exclude'?");

    [Fact]
    public void Unknown_key_in_a_sink() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n    sink: { name: sqlite, option: {} }\n", 5, 27, "unknown key 'option'");

    [Fact]
    public void Unknown_event_type() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [process.start, file.wirte]\n    sink: sqlite\n", 4, 29, "unknown event type 'file.wirte'; did you mean 'file.write'?");

    [Fact]
    public void A_misspelt_event_type_does_not_also_make_its_fields_unknown() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [file.wirte]\n    sink: sqlite\n    include:\n      - file.path: /etc\n", 4, 14, "unknown event type 'file.wirte'");

    [Fact]
    public void Wildcard_matching_nothing() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events:\n      - fil.*\n    sink: sqlite\n", 5, 9, "'fil.*' matches no known event type");

    [Fact]
    public void Malformed_event_type() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [File.Write]\n    sink: sqlite\n", 4, 14, "not an event type");

    [Fact]
    public void Unknown_sink() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n    sink:\n      name: sqlit\n", 6, 13, "unknown sink 'sqlit'");

    [Fact]
    public void Sink_options_not_a_mapping() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n    sink:\n      name: sqlite\n      options: [a]\n", 7, 16, "must be a mapping");

    [Fact]
    public void Missing_events_and_sink_are_reported_at_the_subscription()
    {
        var file = Parser().ParseText("module: m\nsubscriptions:\n  - name: s\n", "bad.yaml");
        Assert.Equal(2, file.Errors.Count);
        Assert.All(file.Errors, e => Assert.Equal((3, 5), (e.Line, e.Column)));
        Assert.Contains(file.Errors, e => e.Message.Contains("missing 'events:'"));
        Assert.Contains(file.Errors, e => e.Message.Contains("missing 'sink:'"));
    }

    [Fact]
    public void Unknown_field() =>
        AssertError(Header + "    include:\n      - file.pth: /etc\n", 7, 9, "unknown field 'file.pth'");

    [Fact]
    public void Field_of_a_type_the_subscription_does_not_select() =>
        AssertError(Header + "    exclude:\n      - network.remote_port: 22\n", 7, 9, "not a common field (event.*, process.*) nor a field of file.write");

    [Fact]
    public void Unknown_operator() =>
        AssertError(Header + "    include:\n      - file.path: { startswith: /etc }\n", 7, 22, "unknown operator 'startswith'");

    [Fact]
    public void Misspelt_operator_gets_a_suggestion() =>
        AssertError(Header + "    include:\n      - file.path: { begin_with: /etc }\n", 7, 22, "did you mean 'begins_with'?");

    [Fact]
    public void Bad_regex() =>
        AssertError(Header + "    include:\n      - file.path: { regex: 'a(b' }\n", 7, 29, "invalid regular expression 'a(b'");

    [Fact]
    public void Text_given_for_a_number() =>
        AssertError(Header + "    include:\n      - process.pid: { greater_than: ten }\n", 7, 38, "'ten' is not a whole number");

    [Fact]
    public void Ordering_operator_on_text() =>
        AssertError(Header + "    include:\n      - file.path: { less_than: 3 }\n", 7, 22, "compares numbers and times");

    [Fact]
    public void Ordering_operator_on_the_argument_list() =>
        AssertError(Header + "    include:\n      - process.args: { less_than: 3 }\n", 7, 25, "'process.args' is a list of texts");

    [Fact]
    public void Text_operator_on_a_number() =>
        AssertError(Header + "    include:\n      - process.pid: { contains: 3 }\n", 7, 24, "works on text");

    [Fact]
    public void Bad_time() =>
        AssertError(Header + "    include:\n      - event.time: { greater_than: yesterday }\n", 7, 37, "is not a time");

    [Fact]
    public void Bad_guid() =>
        AssertError(Header + "    include:\n      - process.guid: nope\n", 7, 23, "is not a GUID");

    [Fact]
    public void Bad_cidr() =>
        AssertError("module: m\nsubscriptions:\n  - name: s\n    events: [network.connect]\n    sink: sqlite\n    include:\n      - network.remote_address: { in: [10.0.0.0/33] }\n", 7, 40, "not an IP address or a CIDR range");

    [Fact]
    public void Ordering_operator_with_a_list() =>
        AssertError(Header + "    include:\n      - process.pid: { less_than: [1, 2] }\n", 7, 35, "takes one value");

    [Fact]
    public void Missing_value() =>
        AssertError(Header + "    include:\n      - file.path: { is: }\n", 7, 26, "use 'exists: false'");

    [Fact]
    public void Ignore_case_on_a_number() =>
        AssertError(Header + "    include:\n      - process.pid: { is: 1, ignore_case: true }\n", 7, 31, "ignore_case applies to text fields");

    [Fact]
    public void Filter_that_is_not_a_mapping() =>
        AssertError(Header + "    include:\n      - /etc/passwd\n", 7, 9, "must be a mapping of field names to conditions");

    [Fact]
    public void Duplicate_subscription_name()
    {
        var yaml = Header + "  - name: s\n    events: [file.write]\n    sink: journal\n";
        AssertError(yaml, 6, 11, "already named 's'");
    }

    [Fact]
    public void Enabled_not_a_boolean() =>
        AssertError(Header + "    enabled: maybe\n", 6, 14, "must be true or false");

    [Fact]
    public void Bad_module_name() => AssertError("module: 'a b'\nsubscriptions: []\n", 1, 9, "may hold only");

    [Fact]
    public void Several_documents() =>
        AssertError("module: a\nsubscriptions: []\n---\nmodule: b\nsubscriptions: []\n", 4, 1, "one module");

    [Fact]
    public void Options_that_expand_through_aliases_are_refused_not_expanded()
    {
        // Nine levels of ten aliases each would be a billion values.
        var yaml = "module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n    sink:\n      name: sqlite\n      options:\n";
        yaml += "        x0: &a0 [v, v, v, v, v, v, v, v, v, v]\n";
        for (var i = 1; i < 10; i++) yaml += $"        x{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]\n";
        var file = Parser().ParseText(yaml, "bomb.yaml");
        Assert.Empty(file.Subscriptions);
        Assert.Contains(file.Errors, e => e.Message.Contains("more than 10000 values"));
    }

    [Fact]
    public void A_bad_subscription_leaves_the_others_in_the_file_working()
    {
        var file = Parser().ParseText("""
            module: m
            subscriptions:
              - name: good-one
                events: [process.start]
                sink: sqlite
              - name: bad
                events: [process.strat]
                sink: sqlite
              - name: good-two
                events: [file.write]
                sink: journal
            """, "mixed.yaml");
        var error = Assert.Single(file.Errors);
        Assert.Equal("mixed.yaml:7:14: unknown event type 'process.strat'; did you mean 'process.start'?", error.ToString());
        Assert.Equal(["good-one", "good-two"], file.Subscriptions.Select(s => s.Name));
    }

    [Fact]
    public void Every_error_of_a_subscription_is_reported_not_just_the_first()
    {
        var file = Parser().ParseText(Header + "    include:\n      - file.pth: /a\n        process.pid: { contains: x }\n      - file.path: { regex: '(' }\n", "bad.yaml");
        Assert.Equal([(7, 9), (8, 24), (9, 29)], file.Errors.Select(e => (e.Line, e.Column)));
        Assert.Empty(file.Subscriptions);
    }

    [Fact]
    public void Unreadable_file_is_an_error_not_an_exception()
    {
        var path = Path.Combine(Path.GetTempPath(), "recorder-missing-" + Guid.NewGuid() + ".yaml");
        var file = Parser().ParseFile(path);
        var error = Assert.Single(file.Errors);
        Assert.Equal(path, error.File);
        Assert.Contains("cannot read", error.Message);
    }

    [Fact]
    public void Validator_reports_a_sink_that_went_away_at_its_original_position()
    {
        var s = Single("module: m\nsubscriptions:\n  - name: s\n    events: [file.write]\n    sink: { name: journal }\n    include:\n      - file.path: /a\n");
        var validator = new SubscriptionValidator();
        Assert.Empty(validator.Validate(s, new TestSchemas(), SinkExists));
        var error = Assert.Single(validator.Validate(s, new TestSchemas(), name => name == "sqlite"));
        Assert.Equal("test.yaml:5:19: unknown sink 'journal': no loaded plugin exports a sink of that name", error.ToString());
    }
}
