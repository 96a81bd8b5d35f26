using Recorder.Contracts.Plugins;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// One collector started as the unicast audit daemon (auditd stopped) for every live-action test in a class,
/// wanting every type it produces. Holds the machine-wide audit lock for its lifetime; stopping it restores
/// the kernel state, and the snapshot puts back auditd.
/// </summary>
public sealed class LiveCollectorFixture : IDisposable
{
    private readonly IDisposable? _lock;
    private readonly KernelAuditSnapshot? _snapshot;

    public LiveCollectorFixture()
    {
        if (KernelAudit.SkipReason() is not null) return;
        _lock = KernelAudit.Lock();
        try
        {
            _snapshot = new KernelAuditSnapshot();
            _snapshot.StopAuditd();
            DataDirectory = Directory.CreateTempSubdirectory("recorder-collector-test-").FullName;
            Services = new TestPluginServices(new LinuxAuditSettings(), DataDirectory);
            Collector = new LinuxAuditCollector();
            var wanted = Collector.Produces.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            Collector.StartAsync(new CollectorContext(Writer, wanted, Services, null), CancellationToken.None).GetAwaiter().GetResult();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public LinuxAuditCollector Collector { get; } = null!;
    internal CollectingEventWriter Writer { get; } = new();
    internal TestPluginServices Services { get; } = null!;
    public string DataDirectory { get; } = "";

    public void Dispose()
    {
        try { Collector?.StopAsync(CancellationToken.None).GetAwaiter().GetResult(); }
        finally
        {
            _snapshot?.Dispose();
            if (DataDirectory.Length > 0) Directory.Delete(DataDirectory, recursive: true);
            _lock?.Dispose();
        }
    }
}
