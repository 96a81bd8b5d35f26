using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Recorder.Plugins.Collectors.WindowsEtw.Live;

/// <summary>
/// A running session's loss counters, which TraceEvent does not expose in full: ControlTraceW(EVENT_TRACE_CONTROL_QUERY)
/// fills an EVENT_TRACE_PROPERTIES with EventsLost and RealTimeBuffersLost.
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class EtwSessionQuery
{
    private const uint ControlQuery = 0;
    private const int WnodeFlagTracedGuid = 0x00020000;
    private const int PropertiesSize = 120;       // EVENT_TRACE_PROPERTIES on x64
    private const int NamesSize = 2 * 1024 * 2;   // room for the logger and log file names
    private const int EventsLostOffset = 88;
    private const int RealTimeBuffersLostOffset = 100;
    private const int LoggerNameOffsetField = 116;

    /// <summary>(EventsLost, RealTimeBuffersLost) of the session, or null when it cannot be queried.</summary>
    public static (long EventsLost, long RealTimeBuffersLost)? Losses(string sessionName)
    {
        var size = PropertiesSize + NamesSize;
        var properties = Marshal.AllocHGlobal(size);
        try
        {
            Marshal.Copy(new byte[size], 0, properties, size);
            Marshal.WriteInt32(properties, 0, size);                       // Wnode.BufferSize
            Marshal.WriteInt32(properties, 44, WnodeFlagTracedGuid);       // Wnode.Flags
            Marshal.WriteInt32(properties, LoggerNameOffsetField, PropertiesSize);
            if (ControlTraceW(0, sessionName, properties, ControlQuery) != 0) return null;
            return ((uint)Marshal.ReadInt32(properties, EventsLostOffset), (uint)Marshal.ReadInt32(properties, RealTimeBuffersLostOffset));
        }
        finally
        {
            Marshal.FreeHGlobal(properties);
        }
    }

    [LibraryImport("advapi32.dll", StringMarshalling = StringMarshalling.Utf16)]
    private static partial uint ControlTraceW(ulong traceHandle, string instanceName, IntPtr properties, uint controlCode);
}
