using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Status;

namespace Recorder.Host.Loading;

/// <summary>What a plugin reports, written to the host log and the status board under the plugin's domain.</summary>
public sealed class PluginDiagnostics : IPluginDiagnostics
{
    private readonly string _domain;
    private readonly HostLog _log;
    private readonly StatusBoard _status;

    /// <summary>Creates diagnostics for one plugin part, whose status domain is <paramref name="domain"/>.</summary>
    public PluginDiagnostics(string domain, HostLog log, StatusBoard status)
    {
        _domain = domain;
        _log = log;
        _status = status;
    }

    /// <inheritdoc />
    public void Log(PluginLogLevel level, string message, Exception? exception = null)
    {
        switch (level)
        {
            case PluginLogLevel.Debug: _log.Debug(_domain, message); break;
            case PluginLogLevel.Information: _log.Info(_domain, message); break;
            case PluginLogLevel.Warning: _log.Warn(_domain, message, exception); break;
            default: _log.Error(_domain, message, exception); break;
        }
    }

    /// <inheritdoc />
    public void SetStatus(string name, string value, string? domain = null) => _status.Set(domain ?? _domain, name, value);

    /// <inheritdoc />
    public void ReportHealth(string check, bool healthy, string detail)
    {
        _status.ReportHealth(_domain, check, healthy, detail);
        if (!healthy) _log.Warn(_domain, $"health check '{check}' failed: {detail}");
    }

    /// <inheritdoc />
    public IPluginCounter Counter(string name) => _status.Counter(_domain, name);
}
