using System.Text;
using Recorder.Host.Subscriptions;
using Recorder.Host.Tests.Subscriptions;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Fuzz;

/// <summary>Subscription files are written by hand: mutated ones must give errors with positions, never crash the parser.</summary>
public sealed class SubscriptionFuzzTests
{
    [Fact]
    public void Mutated_subscription_files_give_errors_never_crash()
    {
        var parser = new SubscriptionParser(new TestSchemas(), name => name is "sqlite" or "journal");
        var runs = MutationFuzzer.Run("subscriptions", input =>
        {
            var file = parser.ParseText(Encoding.UTF8.GetString(input), "fuzz.yaml");
            foreach (var error in file.Errors) Assert.False(string.IsNullOrEmpty(error.Message));
        });
        Assert.True(runs > 10);
    }
}
