using Microsoft.Diagnostics.Tracing;
using Recorder.Windows.Etw.Etl;
using Recorder.Windows.Etw.Replay;

namespace Recorder.Plugins.Collectors.WindowsEtw.Replay;

/// <summary>
/// An .etl file as a TraceEvent source on any OS: our reader converts it to a temporary BPerf trace log, which
/// TraceEvent's public, managed <see cref="BPerfEventSource"/> replays, so TraceEvent's own kernel parsers decode
/// the events exactly as they would on Windows. The temporary files are deleted on dispose.
/// </summary>
internal sealed class EtlReplaySource : IDisposable
{
    // BPerfEventSource's own sizes: its read-ahead is 1 MiB and records are decoded into a 2 MiB buffer.
    private const int ReplayBufferSize = 2 << 20;
    private const string OffsetsFile = "offsets";

    private readonly string _directory;

    private EtlReplaySource(string directory, BPerfEventSource source, EtlReader reader, long records)
    {
        _directory = directory;
        Source = source;
        Reader = reader;
        Records = records;
        // On Linux the default kernel-to-DOS path mapper calls Windows APIs, fails half-way and then silently
        // rewrites \SystemRoot paths: keep the kernel's own paths (\Device\HarddiskVolumeN\...).
        source.Kernel.KernelPathToUserPathMapper = KernelPaths.Keep;
    }

    public BPerfEventSource Source { get; }

    /// <summary>The reader that converted the file (header, counts of events and skipped parts).</summary>
    public EtlReader Reader { get; }

    /// <summary>Events in the replay (the header included).</summary>
    public long Records { get; }

    /// <summary>Converts <paramref name="input"/>; damaged parts go to <paramref name="onProblem"/> with their file offset.</summary>
    /// <exception cref="InvalidDataException">The file is not an .etl trace (the message names file and offset).</exception>
    public static EtlReplaySource Open(Stream input, string fileName, Action<EtlProblem>? onProblem = null, CancellationToken cancellationToken = default)
    {
        var reader = new EtlReader(input, fileName, onProblem);
        // A folder of its own: BPerfEventSource also looks for "<file>.id" and "<file>.md" beside the log.
        var directory = Directory.CreateTempSubdirectory("recorder-etl-").FullName;
        try
        {
            var btl = Path.Combine(directory, "trace.btl");
            long records;
            using (var output = new FileStream(btl, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var offsets = new FileStream(Path.Combine(directory, OffsetsFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                records = EtlToBtl.Convert(reader, output, offsets, cancellationToken);
            var source = new BPerfEventSource(btl, new TraceEventDispatcherOptions(), new byte[ReplayBufferSize],
                new byte[ReplayBufferSize], false, Stored);
            return new EtlReplaySource(directory, source, reader, records);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Where in the .etl file the event TraceEvent numbered <paramref name="eventIndex"/> is, or null for no such event.</summary>
    public long? FileOffsetOf(long eventIndex)
    {
        if (eventIndex < 0 || eventIndex >= Records) return null;
        using var offsets = File.OpenRead(Path.Combine(_directory, OffsetsFile));
        Span<byte> bytes = stackalloc byte[8];
        offsets.Position = eventIndex * 8;
        offsets.ReadExactly(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    /// <summary>The chunks are written uncompressed: "decompressing" is a copy.</summary>
    private static int Stored(byte[] input, int inputOffset, int inputLength, byte[] output, int outputLength)
    {
        var length = Math.Min(inputLength, outputLength);
        Buffer.BlockCopy(input, inputOffset, output, 0, length);
        return length;
    }

    public void Dispose()
    {
        Source.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
