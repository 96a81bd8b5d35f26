using Recorder.Contracts.Commands;
using Recorder.Host.Commands;
using Recorder.Host.Loading;

namespace Recorder.Host.Tests.Commands;

/// <summary>
/// Which plugin commands the command line offers: one per name, never a built-in's name, and only descriptions it can
/// turn into a command line. Each command left out is reported with the plugin and the reason.
/// </summary>
public sealed class CommandCatalogTests
{
    private static readonly HashSet<string> BuiltIns = new(StringComparer.Ordinal) { "run", "status" };

    [Fact]
    public void The_first_plugin_to_provide_a_name_keeps_it_and_the_second_is_reported()
    {
        var problems = new List<string>();
        var chosen = CommandCatalog.Select([Loaded("acme.one", new() { Name = "stats", Summary = "one" }), Loaded("acme.two", new() { Name = "stats", Summary = "two" })], BuiltIns, problems);

        Assert.Equal("acme.one", Assert.Single(chosen).PluginId);
        Assert.Equal("command 'stats' of plugin acme.two 1.0.0 (sequence 1) ignored: acme.one 1.0.0 (sequence 1) already provides it", Assert.Single(problems));
    }

    [Theory]
    [InlineData("status", "that is a built-in command")]
    [InlineData("Stats", "'Stats' is not a command word")]
    public void A_command_named_like_a_built_in_or_not_a_command_word_is_refused(string name, string reason)
    {
        var problems = new List<string>();
        Assert.Empty(CommandCatalog.Select([Loaded("acme.one", new() { Name = name, Summary = "s" })], BuiltIns, problems));
        Assert.Contains(reason, Assert.Single(problems));
    }

    public static TheoryData<CommandDescription, string> BadDescriptions => new()
    {
        { new() { Name = "stats", Summary = "s", Options = [new() { Name = "config", Description = "mine" }] }, "--config belongs to the command line itself" },
        { new() { Name = "stats", Summary = "s", Options = [new() { Name = "days", Description = "d" }, new() { Name = "days", Description = "again" }] }, "'days' is declared twice" },
        { new() { Name = "stats", Summary = "s", Arguments = [new() { Name = "files", Description = "f", Repeatable = true }, new() { Name = "out", Description = "o" }] }, "only the last argument may be repeatable" },
        { new() { Name = "stats", Summary = "s", Options = [new() { Name = "days", Description = "d", Kind = CommandValueKind.Integer, DefaultValue = "seven" }] }, "the default of 'days' ('seven') is not a whole number" },
        { new() { Name = "stats", Summary = "s", Arguments = [new() { Name = "a", Description = "a" }], Subcommands = [new() { Name = "x", Summary = "x" }] }, "has subcommands and also arguments or options" },
        { new() { Name = "stats", Summary = "s", Subcommands = [new() { Name = "x", Summary = "x", Options = [new() { Name = "local", Description = "l" }] }] }, "'stats x': --local belongs to the command line itself" },
    };

    [Theory]
    [MemberData(nameof(BadDescriptions))]
    public void A_description_the_command_line_cannot_offer_is_refused_with_the_reason(CommandDescription description, string reason)
    {
        var problems = new List<string>();
        Assert.Empty(CommandCatalog.Select([Loaded("acme.one", description)], BuiltIns, problems));
        Assert.Contains(reason, Assert.Single(problems));
    }

    [Fact]
    public void A_description_named_unlike_its_export_is_refused()
    {
        var problems = new List<string>();
        var command = new LoadedCommand("acme.one", "1.0.0", 1, new CommandPart("stats", CommandPlacement.CliOnly, new Described(new() { Name = "statistics", Summary = "s" })));
        Assert.Empty(CommandCatalog.Select([command], BuiltIns, problems));
        Assert.Contains("its description is named 'statistics', its export 'stats'", Assert.Single(problems));
    }

    [Fact]
    public void Find_follows_the_words_typed_into_subcommands()
    {
        var rules = new CommandDescription { Name = "rules", Summary = "r", Subcommands = [new() { Name = "get", Summary = "g" }, new() { Name = "remove", Summary = "x" }] };
        Assert.Equal("g", CommandCatalog.Find(rules, ["rules", "get"])?.Summary);
        Assert.Null(CommandCatalog.Find(rules, ["rules", "explode"]));
        Assert.Null(CommandCatalog.Find(rules, ["timeline"]));
    }

    private static LoadedCommand Loaded(string pluginId, CommandDescription description) =>
        new(pluginId, "1.0.0", 1, new CommandPart(description.Name, CommandPlacement.CliOnly, new Described(description)));

    /// <summary>A command that is only its description: the catalogue never runs it.</summary>
    private sealed class Described(CommandDescription description) : IRecorderCommand
    {
        public CommandDescription Description => description;
        public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
