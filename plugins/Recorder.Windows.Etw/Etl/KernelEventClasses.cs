namespace Recorder.Windows.Etw.Etl;

/// <summary>
/// Classic kernel events store a group (the high byte of their hook id) instead of a provider GUID; ETW's
/// ProcessTrace resolves it to the MOF event class GUID, and TraceEvent's kernel parser looks templates up by that GUID
/// and the opcode. This is that table (the kernel's MOF class GUIDs, the first ones also in evntrace.h), with the one
/// known exception: group Process type 10 is an image load.
/// </summary>
public static class KernelEventClasses
{
    public const byte GroupHeader = 0x00;
    public const byte GroupProcess = 0x03;
    public const byte GroupImage = 0x14;
    public const byte ProcessLoadImageType = 0x0A;

    public static readonly Guid EventTrace = new("68fdd900-4a3e-11d1-84f4-0000f80464e3");
    public static readonly Guid Image = new("2cb15d1d-5fc1-11d2-abe1-00a0c911f518");

    private static readonly Guid?[] ByGroup = Build();

    private static Guid?[] Build()
    {
        var table = new Guid?[256];
        void Add(byte group, string guid) => table[group] = new Guid(guid);
        Add(0x00, "68fdd900-4a3e-11d1-84f4-0000f80464e3"); // Header (EventTrace)
        Add(0x01, "3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c"); // DiskIo
        Add(0x02, "3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c"); // PageFault
        Add(0x03, "3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c"); // Process
        Add(0x04, "90cbdc39-4a3e-11d1-84f4-0000f80464e3"); // FileIo
        Add(0x05, "3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c"); // Thread
        Add(0x06, "9a280ac0-c8e0-11d1-84e2-00c04fb998a2"); // TcpIp
        Add(0x07, "3282fc76-feed-498e-8aa7-e70f459d430e"); // Job
        Add(0x08, "bf3a50c5-a9c9-4988-a005-2df0b7c80f80"); // UdpIp
        Add(0x09, "ae53722e-c863-11d2-8659-00c04fa321a1"); // Registry
        Add(0x0A, "13976d09-a327-438c-950b-7f03192815c7"); // DbgPrint
        Add(0x0B, "01853a65-418f-4f36-aefc-dc0f1d2fd235"); // EventTraceConfig
        Add(0x0C, "99134383-5248-43fc-834b-529454e75df3"); // Spare1 / LBR
        Add(0x0D, "42695762-ea50-497a-9068-5cbbb35e0b95"); // Wnf
        Add(0x0E, "0268a8b6-74fd-4302-9dd0-6e8f1795c0cf"); // Pool
        Add(0x0F, "ce1dbfb4-137e-4da6-87b0-3f59aa102cbc"); // PerfInfo
        Add(0x10, "222962ab-6180-4b88-a825-346b75f2a24a"); // Heap
        Add(0x11, "89497f50-effe-4440-8cf2-ce6b1cdcaca7"); // Object
        Add(0x12, "e43445e0-0903-48c3-b878-ff0fccebdd04"); // Power
        Add(0x13, "a9152f00-3f58-4bee-92a1-70c7d079d5dd"); // ModBound
        Add(0x14, "2cb15d1d-5fc1-11d2-abe1-00a0c911f518"); // Image
        Add(0x15, "b2d14872-7c5b-463d-8419-ee9bf7d23e04"); // Dpc
        Add(0x16, "7687a439-f752-45b8-b741-321aec0f8df9"); // Cc
        Add(0x17, "3ac66736-cc59-4cff-8115-8df50e39816b"); // CritSec
        Add(0x18, "def2fe46-7bd6-4b80-bd94-f57fe20d0ce3"); // StackWalk
        Add(0x19, "9aec974b-5b8e-4118-9b92-3186d8002ce5"); // Ums
        Add(0x1A, "45d8cccd-539f-4b72-a8b7-5c683142609a"); // ALPC
        Add(0x1B, "d837ca92-12b9-44a5-ad6a-3a65b3578aa8"); // SplitIo
        Add(0x1C, "c861d0e2-a2c1-4d36-9f9c-970bab943a12"); // ThreadPool
        return table;
    }

    /// <summary>The class GUID of a classic kernel event, or null for a group this table does not know.</summary>
    public static Guid? ClassOf(byte group, byte type) =>
        group == GroupProcess && type == ProcessLoadImageType ? Image : ByGroup[group];
}
