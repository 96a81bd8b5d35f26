using System.Buffers.Binary;
using Microsoft.Diagnostics.Tracing.Parsers.Kernel;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>
/// The NTSTATUS of a kernel registry event, read from the payload: TraceEvent 4.0.0's
/// <see cref="RegistryTraceData.Status"/> (and <c>Index</c>) read the field and then return 0 whatever it holds, so a
/// failed registry operation would look like a success. Version 2 and later: InitialTime (8 bytes), then Status;
/// version 1: Status first.
/// </summary>
internal static class RegistryStatus
{
    public static int Of(RegistryTraceData data)
    {
        var payload = data.EventData();
        var at = data.Version >= 2 ? 8 : 0;
        return payload.Length >= at + 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(at)) : 0;
    }
}
