using Recorder.Contracts.Events;
using Recorder.Host.Subscriptions;
using Recorder.Tests.Shared;
using static Recorder.Host.Tests.Subscriptions.TestSchemas;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>
/// The shipped Windows module: registry changes, image loads, DNS queries and imported logs' other events
/// (windows.event) are stored, LanguageList values are not.
/// </summary>
public sealed class WindowsHistorySubscriptionTests
{
    private static RecorderEvent ValueSet(string key, string value)
    {
        var e = new RecorderEvent(EventSchemas.RegistryValueSet) { Time = DateTime.UtcNow };
        e.Set(EventSchemas.RegistryValueSet.KeyPath, key);
        e.Set(EventSchemas.RegistryValueSet.Value, value);
        e.Process.Executable = @"C:\Windows\explorer.exe";
        return e;
    }

    [Fact]
    public void Registry_changes_are_stored_except_language_list_values()
    {
        // As the running recorder has them: the types and the sink the shipped plugins declare (the Windows event log
        // plugin's windows.event, the signals plugin's signal.sigma and its sink) are registered.
        var pluginTypes = new TestSchemas(new EventSchema("windows.event", "Windows event no typed mapping covers.", []),
            new EventSchema("signal.sigma", "A Sigma rule matched.", []));
        var set = SubscriptionSet.Load([Path.Combine(RepoPaths.Root, "manifests", "subscriptions")], pluginTypes,
            sink => SinkExists(sink) || sink == "signals");
        Assert.Empty(set.Errors);
        var windows = set.Active.Where(s => s.Module == "windows-history").ToList();
        foreach (var type in new[] { "registry.key_create", "registry.value_set", "registry.value_delete", "image.load", "dns.query", "windows.event" })
            Assert.True(windows.Any(s => s.WantsType(type)), type);
        Assert.All(windows, s => Assert.Equal("sqlite", s.SinkName));

        Assert.Contains(windows, s => s.Accepts(ValueSet(@"\REGISTRY\MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run", "Updater")));
        Assert.DoesNotContain(windows, s => s.Accepts(ValueSet(@"\REGISTRY\USER\S-1-5-21-1\Control Panel\International\User Profile", "LanguageList")));
    }
}
