namespace Recorder.Windows.Etw.Tests;

/// <summary>
/// Mutated copies of a real trace (its header buffer and the first events of both CPUs, in 4 KiB buffers:
/// tests/fuzz-corpus/etl) through the reader: each is refused with an error naming the file and an offset, or read
/// with every skipped part named by an offset inside the file; never another exception, never a hang.
/// </summary>
public class EtlReaderFuzzTests
{
    private const string Name = "fuzzed.etl";

    [Fact]
    public void Mutated_traces_are_refused_or_read_with_offsets_never_a_crash_or_hang()
    {
        var runs = MutationFuzzer.Run("etl", input =>
        {
            var problems = new List<EtlProblem>();
            var reader = new EtlReader(new MemoryStream(input, writable: false), Name, problems.Add);
            foreach (var record in reader.ReadEvents())
            {
                Assert.InRange(record.FileOffset, 0, input.Length - 1);
                Assert.True(record.FileOffset + record.HeaderSize + record.Payload.Length <= input.Length);
            }
            Assert.All(problems, problem => Assert.InRange(problem.FileOffset, 0, input.Length));
        }, ex => ex is InvalidDataException && ex.Message.StartsWith($"{Name}: offset ", StringComparison.Ordinal));
        Assert.True(runs > 50, $"only {runs} inputs");
    }
}
