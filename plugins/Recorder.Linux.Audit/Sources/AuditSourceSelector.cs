using Recorder.Linux.Audit.Netlink;

namespace Recorder.Linux.Audit.Sources;

/// <summary>No source could be opened; the message lists why each one was refused.</summary>
public sealed class AuditSourceUnavailableException(string message) : Exception(message);

/// <summary>The source chosen, and what the choice changed on the machine (to undo it on stop).</summary>
public sealed record AuditSourceSelection(AuditSource Source, bool StoppedAuditd, IReadOnlyList<string> Refusals);

/// <summary>
/// Opens the first source that works, in the product's order: netlink unicast, netlink multicast, then the
/// auditd plugin path. Every step is logged, including why a source was refused.
/// </summary>
public static class AuditSourceSelector
{
    /// <summary>Opens a source; throws <see cref="AuditSourceUnavailableException"/> when none is possible.</summary>
    public static AuditSourceSelection Open(AuditSourceOptions options, AuditdService auditd, Action<string> log)
    {
        var refusals = new List<string>();
        var stoppedAuditd = false;
        AuditSource? source = null;

        if (options.AllowUnicast)
        {
            if (options.StopAuditd && auditd.IsRunning)
            {
                log("stop_auditd is set: stopping auditd so that the recorder can receive unicast");
                stoppedAuditd = auditd.Stop(TimeSpan.FromSeconds(10));
                if (!stoppedAuditd) refusals.Add("auditd did not stop within 10 s");
            }
            source = TryNetlink(() => AuditReceiveSocket.OpenUnicast(options.SocketBufferBytes), options, "netlink-unicast", refusals, log);
        }
        else refusals.Add("netlink-unicast: not allowed by netlink_modes");

        if (source is null && options.AllowMulticast)
            source = TryNetlink(() => AuditReceiveSocket.OpenMulticast(options.SocketBufferBytes), options, "netlink-multicast", refusals, log);
        else if (source is null) refusals.Add("netlink-multicast: not allowed by netlink_modes");

        if (source is not null)
        {
            if (auditd.PluginDirectory is { } plugins && AudispdPlugin.Remove(plugins))
            {
                log($"removed the recorder's auditd plugin from {plugins} (netlink connected)");
                auditd.Reload();
            }
            return new AuditSourceSelection(source, stoppedAuditd, refusals);
        }

        if (options.NetlinkOnly)
            refusals.Add("audispd: not used because allow_audispd or stop_auditd differs from its default");
        else if (!auditd.IsRunning)
            refusals.Add("audispd: auditd is not running");
        else
        {
            try
            {
                var audispd = AudispdAuditSource.Open(auditd, options.AudispdDirectory);
                log($"connected through auditd's plugin path ({audispd.ConfigurationPath})");
                return new AuditSourceSelection(audispd, stoppedAuditd, refusals);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
            {
                refusals.Add("audispd: " + ex.Message);
            }
        }

        throw new AuditSourceUnavailableException("No kernel audit source could be opened: " + string.Join("; ", refusals));
    }

    private static AuditSource? TryNetlink(Func<AuditReceiveSocket> open, AuditSourceOptions options, string name, List<string> refusals, Action<string> log)
    {
        try
        {
            var socket = open();
            log($"connected to kernel audit via {name} (socket buffer {socket.SocketBufferSize} bytes)");
            return new NetlinkAuditSource(socket, options.QueueBytes, options.GatherDelay);
        }
        catch (AuditNetlinkException ex)
        {
            var reason = ex.Errno == 17 ? "another audit daemon (auditd?) holds unicast" : ex.Message;
            refusals.Add($"{name}: {reason}");
            log($"{name} refused: {reason}");
            return null;
        }
    }
}
