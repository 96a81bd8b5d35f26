using Microsoft.Diagnostics.Tracing.Parsers;
using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEtw.Live;

/// <summary>
/// What the live session enables for the event types the subscriptions want: only the kernel keywords those types need
/// (process events are always on: every other event is attributed to a process through them), plus the user-mode
/// providers (Kernel-Process start keys with process events, DNS-Client for dns.query where Windows has it).
/// </summary>
internal sealed record EtwSessionPlan(KernelTraceEventParser.Keywords Kernel, bool KernelProcessStartKeys, bool DnsClient)
{
    public static EtwSessionPlan For(IReadOnlySet<string> wanted, Version os)
    {
        bool Any(params string[] types) => types.Any(wanted.Contains);
        var keywords = KernelTraceEventParser.Keywords.Process;
        if (Any(EventTypes.ImageLoad, EventTypes.DriverLoad)) keywords |= KernelTraceEventParser.Keywords.ImageLoad;
        if (Any(EventTypes.FileCreate, EventTypes.FileDelete, EventTypes.FileRename, EventTypes.FileWrite))
            keywords |= KernelTraceEventParser.Keywords.FileIOInit | KernelTraceEventParser.Keywords.FileIO | KernelTraceEventParser.Keywords.DiskFileIO;
        if (Any(EventTypes.RegistryKeyCreate, EventTypes.RegistryKeyDelete, EventTypes.RegistryValueSet, EventTypes.RegistryValueDelete))
            keywords |= KernelTraceEventParser.Keywords.Registry;
        if (Any(EventTypes.NetworkConnect, EventTypes.NetworkAccept)) keywords |= KernelTraceEventParser.Keywords.NetworkTCPIP;
        return new EtwSessionPlan(keywords, os >= WindowsFeatureMatrix.Windows10,
            wanted.Contains(EventTypes.DnsQuery) && os >= WindowsFeatureMatrix.Windows81);
    }

    /// <summary>The user-mode providers to enable after the kernel one, with their keywords.</summary>
    public IEnumerable<(Guid Provider, ulong Keywords)> UserProviders()
    {
        if (KernelProcessStartKeys) yield return (KernelProcessEvents.ProviderId, KernelProcessEvents.ProcessKeyword);
        if (DnsClient) yield return (DnsClientEvents.ProviderId, ulong.MaxValue);
    }
}
