using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Recorder.Plugins.Collectors.MacOS.Live;

/// <summary>
/// The live FSEvents stream (CoreServices' FSEventStream, file-level events) over a set of folders, delivered on a
/// private dispatch queue to <see cref="Received"/>: path, flags, event id. What the flags mean is
/// <see cref="FsEvents.FsEventStreamMapper"/>'s, which is tested on every OS; this class only talks to macOS.
/// </summary>
[SupportedOSPlatform("macos")]
internal sealed unsafe partial class FsEventStream : IDisposable
{
    private const string CoreServices = "/System/Library/Frameworks/CoreServices.framework/CoreServices";
    private const string CoreFoundation = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation";
    private const string LibSystem = "/usr/lib/libSystem.B.dylib";
    private const uint Utf8Encoding = 0x08000100; // kCFStringEncodingUTF8
    private const ulong SinceNow = ulong.MaxValue; // kFSEventStreamEventIdSinceNow
    private const uint NoDefer = 0x2, WatchRoot = 0x4, FileEvents = 0x10; // kFSEventStreamCreateFlag*

    private readonly Action<string, uint, ulong> _received;
    private GCHandle _self;
    private nint _stream;
    private nint _queue;

    private FsEventStream(Action<string, uint, ulong> received) => _received = received;

    /// <summary>Called on the stream's queue for each event: path, kFSEventStreamEventFlag* bits, event id.</summary>
    public Action<string, uint, ulong> Received => _received;

    /// <summary>Starts a stream over <paramref name="folders"/>, reporting after at most <paramref name="latency"/>.</summary>
    public static FsEventStream Start(IReadOnlyList<string> folders, TimeSpan latency, Action<string, uint, ulong> received)
    {
        var stream = new FsEventStream(received);
        stream._self = GCHandle.Alloc(stream);
        var strings = new nint[folders.Count];
        nint paths = 0;
        try
        {
            for (var i = 0; i < folders.Count; i++)
                strings[i] = CFStringCreateWithCString(0, folders[i], Utf8Encoding);
            var callbacks = NativeLibrary.GetExport(NativeLibrary.Load(CoreFoundation), "kCFTypeArrayCallBacks");
            fixed (nint* values = strings)
                paths = CFArrayCreate(0, values, strings.Length, callbacks);
            var context = new FsEventStreamContext { Info = GCHandle.ToIntPtr(stream._self) };
            stream._stream = FSEventStreamCreate(0, &OnEvents, &context, paths, SinceNow, latency.TotalSeconds, NoDefer | WatchRoot | FileEvents);
            if (stream._stream == 0) throw new IOException("FSEventStreamCreate failed for " + string.Join(", ", folders));
            stream._queue = dispatch_queue_create("recorder.fsevents", 0);
            FSEventStreamSetDispatchQueue(stream._stream, stream._queue);
            if (FSEventStreamStart(stream._stream) == 0) throw new IOException("FSEventStreamStart failed for " + string.Join(", ", folders));
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        finally
        {
            foreach (var s in strings) if (s != 0) CFRelease(s);
            if (paths != 0) CFRelease(paths);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnEvents(nint stream, nint info, nuint count, nint paths, uint* flags, ulong* ids)
    {
        if (GCHandle.FromIntPtr(info).Target is not FsEventStream self) return;
        var cPaths = (byte**)paths;
        for (nuint i = 0; i < count; i++)
        {
            try { self._received(Marshal.PtrToStringUTF8((nint)cPaths[i]) ?? "", flags[i], ids[i]); }
            catch (Exception) { /* never let an exception cross into the dispatch queue */ }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stream != 0)
        {
            FSEventStreamStop(_stream);
            FSEventStreamInvalidate(_stream);
            FSEventStreamRelease(_stream);
            _stream = 0;
        }
        if (_queue != 0)
        {
            dispatch_release(_queue);
            _queue = 0;
        }
        if (_self.IsAllocated) _self.Free();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct FsEventStreamContext
    {
        public nint Version;
        public nint Info;
        public nint Retain;
        public nint Release;
        public nint CopyDescription;
    }

    [LibraryImport(CoreFoundation, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint CFStringCreateWithCString(nint allocator, string text, uint encoding);

    [LibraryImport(CoreFoundation)]
    private static partial nint CFArrayCreate(nint allocator, nint* values, nint count, nint callbacks);

    [LibraryImport(CoreFoundation)]
    private static partial void CFRelease(nint value);

    [LibraryImport(CoreServices)]
    private static partial nint FSEventStreamCreate(nint allocator, delegate* unmanaged[Cdecl]<nint, nint, nuint, nint, uint*, ulong*, void> callback,
        FsEventStreamContext* context, nint paths, ulong sinceWhen, double latency, uint flags);

    [LibraryImport(CoreServices)]
    private static partial void FSEventStreamSetDispatchQueue(nint stream, nint queue);

    [LibraryImport(CoreServices)]
    private static partial byte FSEventStreamStart(nint stream);

    [LibraryImport(CoreServices)]
    private static partial void FSEventStreamStop(nint stream);

    [LibraryImport(CoreServices)]
    private static partial void FSEventStreamInvalidate(nint stream);

    [LibraryImport(CoreServices)]
    private static partial void FSEventStreamRelease(nint stream);

    [LibraryImport(LibSystem, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint dispatch_queue_create(string label, nint attributes);

    [LibraryImport(LibSystem)]
    private static partial void dispatch_release(nint queue);
}
