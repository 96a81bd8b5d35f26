using Recorder.Linux.Audit.Netlink;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// The collector's one control socket, shared by rule loading and status polling (which run on different
/// threads); requests are serialised because a netlink request/reply exchange must not interleave.
/// </summary>
internal sealed class KernelAuditLink : IDisposable
{
    private readonly AuditControlSocket _control;
    private readonly Lock _gate = new();

    public KernelAuditLink(AuditControlSocket control) => _control = control;

    public T Use<T>(Func<AuditControlSocket, T> request)
    {
        lock (_gate) return request(_control);
    }

    public void Use(Action<AuditControlSocket> request)
    {
        lock (_gate) request(_control);
    }

    public AuditStatus GetStatus() => Use(control => control.GetStatus());

    public void Dispose() => _control.Dispose();
}
