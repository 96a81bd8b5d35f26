using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Enrichers.Process.Hashes;

/// <summary>
/// Sets <c>process.hash</c> (or <c>process.hash_error</c>) on every event from the image the process executed,
/// and <c>image.hash</c> / <c>driver.hash</c> on image and driver loads. The image is looked up once per exec
/// (one statx and the hash cache); every later event of that process reads the per-process slot, with no
/// syscall. See docs/enrichers.md for when a hash is "pending".
/// </summary>
[Enricher("hashes", Order = 400)]
public sealed class HashEnricher : IEnricher
{
    private static readonly string[] Required = [EventTypes.ProcessStart, EventTypes.ProcessExit];

    // Touched only by the pipeline thread (Enrich is never called concurrently).
    private readonly Dictionary<Guid, HashSlot> _byProcess = new();
    private readonly Queue<(Guid Process, long ForgetAfterTicks)> _exited = new();
    private ImageHasher? _hasher;
    private ProcessEnricherOptions _options = new();
    private IPluginServices? _services;

    /// <inheritdoc />
    public IReadOnlyCollection<string> RequiredEventTypes => Required;

    internal ImageHasher Hasher => _hasher ?? throw new InvalidOperationException("The hash enricher is not started.");

    /// <summary>Waits until every queued hash is computed (tests, benchmarks, shutdown).</summary>
    public Task WaitForQueuedHashesAsync() => _hasher?.DrainAsync() ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        _services = services;
        _options = ProcessEnricherOptions.From(services);
        if (!OperatingSystem.IsLinux())
        {
            // File identity comes from statx(2), Linux only.
            services.Diagnostics.Log(PluginLogLevel.Information, "Image hashing needs Linux statx; it is idle on this OS.");
            return Task.CompletedTask;
        }
        _hasher = new ImageHasher(_options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <summary><c>process.hash_error</c> of a replayed event.</summary>
    public const string ReplayHashError = "replay";

    /// <inheritdoc />
    public void Enrich(RecorderEvent recorderEvent)
    {
        var hasher = _hasher;
        if (hasher is null) return;
        var p = recorderEvent.Process;
        if (recorderEvent.Replay is not null)
        {
            // The file on disk now is not the one that ran then: no hash, and the reason says why.
            if (p.ExecutableHash is null) p.HashError ??= ReplayHashError;
            return;
        }
        var type = recorderEvent.Type;

        var slot = type == EventTypes.ProcessStart ? OnExec(p, hasher) : ForProcess(p, hasher);
        if (slot is not null && p.ExecutableHash is null)
        {
            p.ExecutableHash = slot.Hash;
            if (slot.Hash is null) p.HashError ??= slot.Error;
        }

        if (type == EventTypes.ProcessExit && p.ProcessGuid != Guid.Empty)
            _exited.Enqueue((p.ProcessGuid, recorderEvent.Time.Ticks + TimeSpan.FromSeconds(_options.ExitedRetentionSeconds).Ticks));
        else if (type == EventTypes.ImageLoad) HashField(recorderEvent, "image.path", "image.hash", hasher);
        else if (type == EventTypes.DriverLoad) HashField(recorderEvent, "driver.path", "driver.hash", hasher);

        Forget(recorderEvent.Time.Ticks);
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        if (_hasher is { } hasher)
        {
            _services?.Diagnostics.SetStatus("hashes_computed", hasher.Computed.ToString());
            await hasher.DisposeAsync().ConfigureAwait(false);
        }
        _hasher = null;
        return null;
    }

    private HashSlot? OnExec(ProcessContext p, ImageHasher hasher)
    {
        if (p.Executable is null) return null;
        // If the path was replaced or deleted since the exec, the running image is still at /proc/<pid>/exe.
        var slot = hasher.GetSlot(p.Executable, p.Pid is { } pid ? "/proc/" + pid + "/exe" : null);
        if (p.ProcessGuid != Guid.Empty) Remember(p.ProcessGuid, slot);
        return slot;
    }

    private HashSlot? ForProcess(ProcessContext p, ImageHasher hasher)
    {
        if (p.ProcessGuid != Guid.Empty && _byProcess.TryGetValue(p.ProcessGuid, out var known)) return known;
        // First event of a process that started before us, or forked without exec: look its image up once.
        return OnExec(p, hasher);
    }

    private void Remember(Guid process, HashSlot slot)
    {
        // Bounded: when too many processes never reported an exit, start over; slots are re-found through the cache.
        if (_byProcess.Count >= _options.MaxTrackedProcesses) _byProcess.Clear();
        _byProcess[process] = slot;
    }

    private void Forget(long nowTicks)
    {
        while (_exited.TryPeek(out var head) && head.ForgetAfterTicks < nowTicks)
        {
            _exited.Dequeue();
            _byProcess.Remove(head.Process);
        }
    }

    private static void HashField(RecorderEvent e, string pathField, string hashField, ImageHasher hasher)
    {
        if (!e.Schema.TryGetField(pathField, out var pf) || !e.Schema.TryGetField(hashField, out var hf)) return;
        if (e[pf] is not string path || e[hf] is not null) return;
        e[hf] = hasher.GetSlot(path).Hash;
    }
}
