using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Enrichers.Process.Users;

/// <summary>
/// Names the real, effective and login users and the primary group of every event's process
/// (<c>process.user_name</c>, <c>process.effective_user_name</c>, <c>process.login_user_name</c>,
/// <c>process.user_group</c>). The login user is the audit login uid, which su and sudo do not change.
/// Names the collector already set are kept.
/// </summary>
[Enricher("users", Order = 200)]
public sealed class UserEnricher : IEnricher
{
    private UserDatabase _users = new(passwdPath: "/dev/null", groupPath: "/dev/null");
    private Timer? _refresh;
    private FileSystemWatcher? _watcher;

    /// <summary>The names in use (for tests and the process table).</summary>
    public UserDatabase Users => _users;

    /// <inheritdoc />
    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        var options = ProcessEnricherOptions.From(services);
        _users = new UserDatabase(options.PasswdPath, options.GroupPath,
            message => services.Diagnostics.Log(PluginLogLevel.Warning, message));
        var period = TimeSpan.FromSeconds(options.UserRefreshSeconds);
        _refresh = new Timer(_ => Refresh(services), null, period, period);
        _watcher = WatchFiles(options, services);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Enrich(RecorderEvent recorderEvent)
    {
        // A replayed event names its users from its own log (the ENRICHED part), not from today's user database.
        if (recorderEvent.Replay is not null) return;
        var p = recorderEvent.Process;
        var users = _users;
        if (p.UserName is null && p.Uid is { } uid) p.UserName = users.UserName(uid);
        if (p.EffectiveUserName is null && p.EffectiveUid is { } euid) p.EffectiveUserName = users.UserName(euid);
        if (p.LoginUserName is null && p.LoginUid is { } auid) p.LoginUserName = users.UserName(auid);
        if (p.GroupName is null && p.Gid is { } gid) p.GroupName = users.GroupName(gid);
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        _watcher?.Dispose();
        return Task.FromResult<ReadOnlyMemory<byte>?>(null);
    }

    /// <summary>
    /// Reloads as soon as useradd or userdel replaces the passwd or group file (inotify on their folder), so a user
    /// created and deleted within a second is learnt in between; the timer stays as the fallback.
    /// </summary>
    private FileSystemWatcher? WatchFiles(ProcessEnricherOptions options, IPluginServices services)
    {
        var folder = Path.GetDirectoryName(options.PasswdPath);
        if (folder is null || !Directory.Exists(folder)) return null;
        var names = new[] { Path.GetFileName(options.PasswdPath), Path.GetFileName(options.GroupPath) };
        try
        {
            var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            void Changed(object? sender, FileSystemEventArgs e)
            {
                if (names.Contains(e.Name) || (e is RenamedEventArgs r && names.Contains(r.Name))) Refresh(services);
            }
            watcher.Changed += Changed;
            watcher.Created += Changed;
            watcher.Renamed += (sender, e) => Changed(sender, e);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            services.Diagnostics.Log(PluginLogLevel.Information, $"{folder}: not watched ({ex.Message}); user names are reloaded every {options.UserRefreshSeconds} s and on a miss.");
            return null;
        }
    }

    private void Refresh(IPluginServices services)
    {
        try
        {
            if (_users.RefreshIfChanged())
                services.Diagnostics.Log(PluginLogLevel.Information, "User or group database changed; names reloaded.");
        }
        catch (Exception ex)
        {
            services.Diagnostics.Log(PluginLogLevel.Warning, "Reloading user names failed; keeping the previous names.", ex);
        }
    }
}
