using System.Net;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Kernel;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>
/// The one mapping from TraceEvent's parsed events to Recorder events. It subscribes to a
/// <see cref="TraceEventDispatcher"/>, whichever source feeds it: the live kernel session on Windows, or the replay
/// of an .etl file on any OS; so what is recorded live and what is imported are the same events with the same fields.
/// Kernel events: process start (and the rundown of processes already running), exit, image loads (kernel-space
/// images are driver loads), file create/write/delete/rename, registry key and value changes, TCP connect and accept.
/// Manifest providers: Microsoft-Windows-Kernel-Process start keys, Microsoft-Windows-DNS-Client queries.
/// </summary>
internal sealed class EtwEventMapper
{
    /// <summary>Tag naming the ETW event an event was mapped from (<c>Process/DCStart</c>: a rundown, not a start).</summary>
    public const string SourceEventTag = "windows.etw.event";

    private readonly EtwProcessTable _processes;
    private readonly Func<string, bool> _wanted;
    private readonly Action<RecorderEvent> _emit;
    private readonly HashSet<ulong> _writtenFileObjects = new();

    public EtwEventMapper(EtwProcessTable processes, Func<string, bool> wanted, Action<RecorderEvent> emit)
    {
        _processes = processes;
        _wanted = wanted;
        _emit = emit;
    }

    /// <summary>Events of TraceEvent's kernel templates that the mapping turned into Recorder events or ignored.</summary>
    public long Mapped { get; private set; }

    /// <summary>
    /// Called with an event whose payload TraceEvent could not decode (a damaged or truncated payload: its parsers
    /// throw "Reading past end of event"); the event is skipped. Unset, the exception propagates.
    /// </summary>
    public Action<TraceEvent, Exception>? Undecodable { get; init; }

    /// <summary>Subscribes to <paramref name="source"/>'s kernel parser and its unhandled (manifest) events.</summary>
    public void Attach(TraceEventDispatcher source)
    {
        var kernel = source.Kernel;
        kernel.ProcessStart += Guard<ProcessTraceData>(data => ProcessStart(data, rundown: false));
        kernel.ProcessDCStart += Guard<ProcessTraceData>(data => ProcessStart(data, rundown: true));
        kernel.ProcessStop += Guard<ProcessTraceData>(ProcessStop);
        kernel.ImageLoad += Guard<ImageLoadTraceData>(data => ImageLoad(data, "Image/Load"));
        kernel.ImageDCStart += Guard<ImageLoadTraceData>(data => ImageLoad(data, "Image/DCStart"));
        kernel.FileIOCreate += Guard<FileIOCreateTraceData>(FileCreate);
        kernel.FileIOWrite += Guard<FileIOReadWriteTraceData>(FileWrite);
        kernel.FileIOCleanup += Guard<FileIOSimpleOpTraceData>(data => _writtenFileObjects.Remove(data.FileObject));
        kernel.FileIODelete += Guard<FileIOInfoTraceData>(data => FileInfo(EventSchemas.FileDelete, data, "FileIO/Delete"));
        kernel.FileIORename += Guard<FileIOInfoTraceData>(data => FileInfo(EventSchemas.FileRename, data, "FileIO/Rename"));
        kernel.RegistryCreate += Guard<RegistryTraceData>(data => Registry(EventSchemas.RegistryKeyCreate, data, "Registry/Create", isValue: false));
        kernel.RegistryDelete += Guard<RegistryTraceData>(data => Registry(EventSchemas.RegistryKeyDelete, data, "Registry/Delete", isValue: false));
        kernel.RegistrySetValue += Guard<RegistryTraceData>(data => Registry(EventSchemas.RegistryValueSet, data, "Registry/SetValue", isValue: true));
        kernel.RegistryDeleteValue += Guard<RegistryTraceData>(data => Registry(EventSchemas.RegistryValueDelete, data, "Registry/DeleteValue", isValue: true));
        kernel.TcpIpConnect += Guard<TcpIpConnectTraceData>(data => Tcp(EventSchemas.NetworkConnect, data, data.saddr, data.sport, data.daddr, data.dport, "TcpIp/Connect"));
        kernel.TcpIpAccept += Guard<TcpIpConnectTraceData>(data => Tcp(EventSchemas.NetworkAccept, data, data.saddr, data.sport, data.daddr, data.dport, "TcpIp/Accept"));
        kernel.TcpIpConnectIPV6 += Guard<TcpIpV6ConnectTraceData>(data => Tcp(EventSchemas.NetworkConnect, data, data.saddr, data.sport, data.daddr, data.dport, "TcpIp/ConnectIPV6"));
        kernel.TcpIpAcceptIPV6 += Guard<TcpIpV6ConnectTraceData>(data => Tcp(EventSchemas.NetworkAccept, data, data.saddr, data.sport, data.daddr, data.dport, "TcpIp/AcceptIPV6"));
        source.UnhandledEvents += Guard<TraceEvent>(Manifest);
    }

    /// <summary>Runs <paramref name="handler"/>; an event it cannot decode goes to <see cref="Undecodable"/>.</summary>
    private Action<T> Guard<T>(Action<T> handler) where T : TraceEvent => data =>
    {
        if (Undecodable is null)
        {
            handler(data);
            return;
        }
        try
        {
            handler(data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Undecodable(data, ex);
        }
    };

    private void ProcessStart(ProcessTraceData data, bool rundown)
    {
        var time = Utc(data);
        // A rundown names a process that was already running; its creation time is not in the trace.
        var process = _processes.Started(data.ProcessID, time, data.UniqueProcessKey, Text(data.ImageFileName), Text(data.CommandLine));
        if (!_wanted(EventTypes.ProcessStart)) return;
        var e = New(EventSchemas.ProcessStart, data, rundown ? "Process/DCStart" : "Process/Start");
        Describe(e.Process, process);
        e.Process.StartTime = rundown ? null : time;
        e.Process.TerminalSessionId = data.SessionID is >= 0 ? data.SessionID : null;
        e.Process.ParentPid = data.ParentID;
        if (_processes.Find(data.ParentID) is { } parent && parent.Pid != data.ProcessID)
        {
            e.Process.ParentProcessGuid = parent.Guid;
            e.Process.ParentExecutable = parent.Image;
            e.Process.ParentCommandLine = parent.CommandLine;
        }
        e.Tags["windows.unique_process_key"] = $"0x{data.UniqueProcessKey:x}";
        Emit(e);
    }

    private void ProcessStop(ProcessTraceData data)
    {
        var process = _processes.Exited(data.ProcessID)
            ?? _processes.Unseen(data.ProcessID, Utc(data), data.UniqueProcessKey, Text(data.ImageFileName), Text(data.CommandLine));
        if (!_wanted(EventTypes.ProcessExit)) return;
        var e = New(EventSchemas.ProcessExit, data, "Process/Stop");
        Describe(e.Process, process);
        e.Process.ParentPid = data.ParentID;
        e.Set(EventSchemas.ProcessExit.ExitCode, data.ExitStatus);
        Emit(e);
    }

    private void ImageLoad(ImageLoadTraceData data, string source)
    {
        var pointerSize = data.PointerSize;
        var kernelSpace = pointerSize == 8 ? data.ImageBase >= 0xFFFF800000000000UL : data.ImageBase >= 0x80000000UL;
        var path = Text(data.FileName);
        if (kernelSpace)
        {
            // Kernel-space images are drivers (loaded into the System process or listed in PID 0's rundown).
            if (!_wanted(EventTypes.DriverLoad)) return;
            var driver = New(EventSchemas.DriverLoad, data, source);
            driver.Process.Pid = data.ProcessID;
            driver.Set(EventSchemas.DriverLoad.DriverName, path is null ? null : path[(path.LastIndexOf('\\') + 1)..]);
            driver.Set(EventSchemas.DriverLoad.Path, path);
            driver.Tags["windows.image_base"] = $"0x{data.ImageBase:x}";
            driver.Tags["windows.image_size"] = data.ImageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Emit(driver);
            return;
        }
        if (!_wanted(EventTypes.ImageLoad)) return;
        var e = New(EventSchemas.ImageLoad, data, source);
        Describe(e.Process, _processes.Find(data.ProcessID), data.ProcessID);
        e.Set(EventSchemas.ImageLoad.Path, path);
        e.Set(EventSchemas.ImageLoad.Base, unchecked((long)data.ImageBase));
        e.Set(EventSchemas.ImageLoad.Size, data.ImageSize);
        Emit(e);
    }

    private void FileCreate(FileIOCreateTraceData data)
    {
        // Only opens that create or replace a file; plain opens are reads or handles, not changes.
        if (data.CreateDisposition is not (CreateDisposition.CREATE_NEW or CreateDisposition.SUPERSEDE
            or CreateDisposition.CREATE_ALWAYS or CreateDisposition.TRUNCATE_EXISTING)) return;
        if (!_wanted(EventTypes.FileCreate)) return;
        var e = New(EventSchemas.FileCreate, data, "FileIO/Create");
        Describe(e.Process, _processes.Find(data.ProcessID), data.ProcessID);
        e.Set(EventSchemas.FileCreate.Path, Text(data.FileName));
        e.Tags["windows.file_object"] = $"0x{data.FileObject:x}";
        Emit(e);
    }

    private void FileWrite(FileIOReadWriteTraceData data)
    {
        // One file.write per opened file (until its handle is cleaned up), not one per write call.
        if (!_wanted(EventTypes.FileWrite) || !_writtenFileObjects.Add(data.FileObject)) return;
        var e = New(EventSchemas.FileWrite, data, "FileIO/Write");
        Describe(e.Process, _processes.Find(data.ProcessID), data.ProcessID);
        e.Set(EventSchemas.FileWrite.Path, Text(data.FileName));
        e.Tags["windows.file_object"] = $"0x{data.FileObject:x}";
        Emit(e);
    }

    private void FileInfo(FileEventSchema schema, FileIOInfoTraceData data, string source)
    {
        if (!_wanted(schema.Name)) return;
        var e = New(schema, data, source);
        Describe(e.Process, _processes.Find(data.ProcessID), data.ProcessID);
        var path = Text(data.FileName);
        // The kernel's rename event names the file before the rename; the new name is not in it.
        if (schema is FileRenameSchema rename) e.Set(rename.OldPath, path);
        else e.Set(schema.Path, path);
        e.Tags["windows.file_object"] = $"0x{data.FileObject:x}";
        Emit(e);
    }

    private void Registry(RegistryEventSchema schema, RegistryTraceData data, string source, bool isValue)
    {
        if (!_wanted(schema.Name)) return;
        var e = New(schema, data, source);
        Describe(e.Process, _processes.Find(data.ProcessID), data.ProcessID);
        var status = RegistryStatus.Of(data);
        e.Outcome = status == 0 ? EventOutcome.Success : EventOutcome.Failure;
        e.ResultCode = status == 0 ? null : status;
        e.Set(schema.KeyPath, Text(data.KeyName));
        if (isValue) e.Set(schema.Value, Text(data.ValueName));
        Emit(e);
    }

    private void Tcp(NetworkEventSchema schema, TraceEvent data, IPAddress local, int localPort, IPAddress remote, int remotePort, string source)
    {
        if (!_wanted(schema.Name)) return;
        var e = New(schema, data, source);
        Describe(e.Process, _processes.Find(data.ProcessID), data.ProcessID);
        e.Set(schema.Transport, "tcp");
        e.Set(schema.Family, remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "inet6" : "inet");
        e.Set(schema.LocalAddress, local.ToString());
        e.Set(schema.LocalPort, localPort);
        e.Set(schema.RemoteAddress, remote.ToString());
        e.Set(schema.RemotePort, remotePort);
        Emit(e);
    }

    private void Manifest(TraceEvent data)
    {
        if (data.ProviderGuid == KernelProcessEvents.ProviderId) KernelProcessEvents.Read(data, _processes);
        else if (data.ProviderGuid == DnsClientEvents.ProviderId && _wanted(EventTypes.DnsQuery) && DnsClientEvents.Map(data) is { } dns)
        {
            Describe(dns.Process, _processes.Find(data.ProcessID), data.ProcessID);
            Emit(dns);
        }
    }

    private static RecorderEvent New(EventSchema schema, TraceEvent data, string source)
    {
        var e = new RecorderEvent(schema) { Time = Utc(data), Outcome = EventOutcome.Success };
        e.Tags[SourceEventTag] = source;
        return e;
    }

    private static void Describe(ProcessContext context, EtwProcess? process, int? pid = null)
    {
        context.Pid = pid ?? process?.Pid;
        if (process is null) return;
        context.ProcessGuid = process.Guid;
        context.Executable = process.Image;
        context.CommandLine = process.CommandLine;
    }

    private void Emit(RecorderEvent e)
    {
        Mapped++;
        _emit(e);
    }

    internal static DateTime Utc(TraceEvent data) => data.TimeStamp.ToUniversalTime();

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
