namespace Recorder.Windows.Etw.Tests;

/// <summary>
/// The real Windows 10 kernel trace read by our reader: its session header, every event of its 49 buffers (two CPUs)
/// merged into one time-ordered stream, the per-group counts the independent decoder (etl2xml) found, and the classic
/// kernel groups resolved to the class GUIDs TraceEvent looks its templates up by.
/// </summary>
public class EtlReaderTests
{
    private static string TracePath => Path.Combine(RepoPaths.SharedData, "windows", "etl", "ShutdownPerfDiagLogger.etl");

    private static (EtlReader Reader, List<EtlRecord> Events, List<EtlProblem> Problems) ReadAll(string path)
    {
        var problems = new List<EtlProblem>();
        var reader = new EtlReader(File.OpenRead(path), path, problems.Add);
        return (reader, reader.ReadEvents().ToList(), problems);
    }

    [Fact]
    public void The_session_header_gives_clock_processors_and_os_version()
    {
        var (reader, _, problems) = ReadAll(TracePath);
        var header = reader.Header;
        Assert.Empty(problems);
        Assert.Equal(8u, header.PointerSize);
        Assert.Equal(2u, header.NumberOfProcessors);
        Assert.Equal(1u, header.ClockType);
        Assert.Equal(10_000_000, header.ClockFrequency);
        Assert.Equal(new DateTime(2020, 2, 28, 9, 3, 47, DateTimeKind.Utc).AddTicks(7445790), header.StartTimeUtc);
        Assert.Equal(10u, header.Version & 0xFF); // Windows 10
        Assert.Equal(18362u, header.ProviderVersion); // the build
        Assert.Equal(6_365_537, reader.HeaderEvent.TimeStamp); // the clock's value at StartTime
        Assert.Equal("PerfDiag Logger", header.LoggerName);
        Assert.Equal(49, reader.BufferCount);
    }

    [Fact]
    public void Every_event_is_read_once_in_time_order_across_both_cpus()
    {
        var (reader, events, _) = ReadAll(TracePath);
        Assert.Equal(17_077, events.Count); // etl2xml's 17,073 plus the four it does not decode (two header extensions are among its 17,073)
        Assert.Equal(17_077, reader.EventCount);
        for (var i = 1; i < events.Count; i++)
            Assert.True(events[i - 1].TimeStamp <= events[i].TimeStamp, $"event {i} at offset {events[i].FileOffset} goes back in time");
        Assert.Equal(2, events.Select(e => e.ProcessorIndex).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => e.FileOffset).Distinct().Count());
    }

    [Fact]
    public void Kernel_groups_become_class_guids_with_the_process_load_image_exception()
    {
        var (_, events, _) = ReadAll(TracePath);
        var process = new Guid("3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c");
        var counts = events.GroupBy(e => (e.ProviderId, e.Opcode)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(94, counts[(process, 3)]);   // Process/DCStart
        Assert.Equal(60, counts[(process, 2)]);   // Process/End
        Assert.Equal(37, counts[(process, 4)]);   // Process/DCEnd
        Assert.Equal(6745, counts[(KernelEventClasses.Image, 3)]); // Image/DCStart
        Assert.Equal(4791, counts[(KernelEventClasses.Image, 2)]); // Image/Unload
        Assert.Equal(72, counts[(KernelEventClasses.Image, 10)]);  // group Process type 10: an image load
        Assert.All(events.Where(e => e.Kind == EtlHeaderKind.PerfInfo), e => Assert.Equal(uint.MaxValue, e.ThreadId));
        Assert.All(events, e => Assert.True((e.Flags & EtlRecord.FlagClassicHeader) != 0 && e.Is64Bit));
    }

    [Fact]
    public void A_file_that_is_not_a_trace_is_refused_naming_file_and_offset()
    {
        var path = Path.Combine(Path.GetTempPath(), $"recorder-not-etl-{Guid.NewGuid():n}.etl");
        try
        {
            File.WriteAllBytes(path, File.ReadAllBytes(TracePath)[..64]);
            var error = Assert.Throws<InvalidDataException>(() => new EtlReader(File.OpenRead(path), path));
            Assert.Equal($"{path}: offset 0: not an ETL file: 64 bytes, shorter than a buffer header", error.Message);

            var bytes = File.ReadAllBytes(TracePath);
            bytes[0x48 + 7] = 0x03; // the first event is a process event, not the trace header
            File.WriteAllBytes(path, bytes);
            error = Assert.Throws<InvalidDataException>(() => new EtlReader(File.OpenRead(path), path));
            Assert.StartsWith($"{path}: offset 72: not an ETL file: the first event is not the trace header", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_damaged_buffer_and_a_truncated_tail_are_skipped_and_named_by_offset()
    {
        var bytes = File.ReadAllBytes(TracePath);
        const int damagedBuffer = 3 * 65536;
        bytes[damagedBuffer + 4] = 0xFF; // its end of data beyond the buffer
        bytes[damagedBuffer + 5] = 0xFF;
        bytes[damagedBuffer + 6] = 0x0F;
        var damagedEvent = 5 * 65536 + 0x48;
        bytes[damagedEvent + 2] = 0x77; // an unknown header type
        var path = Path.Combine(Path.GetTempPath(), $"recorder-damaged-{Guid.NewGuid():n}.etl");
        try
        {
            File.WriteAllBytes(path, bytes[..^1000]);
            var (reader, events, problems) = ReadAll(path);
            Assert.Contains(new EtlProblem(damagedBuffer, "buffer's end of data 1048575 is outside 0x48..65536"), problems);
            Assert.Contains(new EtlProblem(damagedEvent, "unknown event header type 0x77"), problems);
            Assert.Contains(new EtlProblem(48 * 65536, "truncated buffer: 64536 of 65536 bytes"), problems);
            Assert.InRange(events.Count, 10_000, 17_000);
            Assert.Equal(problems.Count, reader.Skipped);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
