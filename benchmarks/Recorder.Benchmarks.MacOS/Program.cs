// macOS BSM benchmarks, one mode per first argument.
//   make-trail <out.bsm> [records]   repeats the real sample trails (apple.bsm, openbsm.bsm, execve-long-args) to a size
//   decode <trail.bsm> [--rounds N]  on one thread: read + checksum of the file (the floor), BSM decoding, decoding +
//                                    mapping to events; records per CPU-second and the ratio to the floor, same run
using System.Buffers.Binary;
using System.Diagnostics;
using Recorder.Benchmarks.MacOS;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.Importing;

return args.FirstOrDefault() switch
{
    "make-trail" when args.Length >= 2 => MakeTrail(args[1], args.Length > 2 ? long.Parse(args[2]) : 1_000_000),
    "decode" when args.Length >= 2 => Decode(args[1], args.Length > 3 && args[2] == "--rounds" ? int.Parse(args[3]) : 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Recorder.Benchmarks.MacOS make-trail <out.bsm> [records]");
    Console.Error.WriteLine("       Recorder.Benchmarks.MacOS decode <trail.bsm> [--rounds N]");
    return 2;
}

static int MakeTrail(string output, long wanted)
{
    var shared = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "data", "macos-bsm");
    var samples = new[] { "plaso/apple.bsm", "plaso/openbsm.bsm", "openbsm/samples/execve-long-args.trail" }
        .Select(p => File.ReadAllBytes(Path.GetFullPath(Path.Combine(shared, p)))).ToArray();
    var perRound = samples.Sum(s => BsmTrailReader.Read(new MemoryStream(s), new BsmTrailStatistics()).Count());
    using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    long written = 0;
    while (written < wanted)
    {
        foreach (var sample in samples) file.Write(sample);
        written += perRound;
    }
    Console.WriteLine($"{output}: {written:N0} records, {file.Length:N0} bytes");
    return 0;
}

static int Decode(string path, int rounds)
{
    var length = new FileInfo(path).Length;
    Console.WriteLine($"{path}: {length:N0} bytes; {rounds} rounds; thread CPU time");
    for (var round = 1; round <= rounds; round++)
    {
        var floor = Measure(() => ReadAndChecksum(path));
        var decode = Measure(() => DecodeOnly(path));
        var map = Measure(() => DecodeAndMap(path));
        Console.WriteLine($"round {round}: read+checksum {length / floor.Cpu.TotalSeconds / 1e6:N0} MB/s ({floor.Cpu.TotalMilliseconds:N0} ms)" +
                          $" | decode {decode.Count / decode.Cpu.TotalSeconds / 1e6:N2} M records/s ({decode.Cpu.TotalMilliseconds:N0} ms, {decode.Cpu / floor.Cpu:N1}x the floor)" +
                          $" | decode+map {map.Count / map.Cpu.TotalSeconds / 1e6:N2} M records/s ({map.Cpu.TotalMilliseconds:N0} ms)");
    }
    return 0;
}

static (long Count, TimeSpan Cpu) Measure(Func<long> work)
{
    GC.Collect();
    var start = ThreadCpuTime.Now();
    var count = work();
    return (count, ThreadCpuTime.Now() - start);
}

static long ReadAndChecksum(string path)
{
    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
    var buffer = new byte[1 << 16];
    ulong sum = 0;
    int read;
    while ((read = file.Read(buffer)) > 0)
    {
        var span = buffer.AsSpan(0, read);
        for (; span.Length >= 8; span = span[8..]) sum = sum * 31 + BinaryPrimitives.ReadUInt64LittleEndian(span);
        foreach (var b in span) sum = sum * 31 + b;
    }
    return (long)(sum & 1);
}

static long DecodeOnly(string path)
{
    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
    var statistics = new BsmTrailStatistics();
    foreach (var _ in BsmTrailReader.Read(file, statistics)) { }
    if (statistics.Malformed > 0) throw new InvalidDataException($"{statistics.Malformed} malformed");
    return statistics.Records;
}

static long DecodeAndMap(string path)
{
    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
    var context = new ImportContext(path, EventSchemas.All.Select(s => s.Name).ToHashSet(), CancellationToken.None);
    foreach (var _ in new BsmImporter().Read(file, context)) { }
    return context.Statistics.Records;
}
