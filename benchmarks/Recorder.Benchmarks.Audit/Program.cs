// Audit benchmarks, one mode per first argument. Each mode lives in its own file.
//   parse <audit.log>            parser, assembler, normaliser throughput over a recorded log, next to ausearch
//   make-log <out> [records]     writes a large benchmark log from the recorded corpora (renumbered serials)
//   live [--seconds N] ...       the live netlink benchmark (LiveBenchmark.cs): open() loop under a rule, needs root
using Recorder.Benchmarks.Audit;

return args.FirstOrDefault() switch
{
    "parse" => ParseBenchmark.Run(args[1..]),
    "make-log" => BenchmarkLogBuilder.Run(args[1..]),
    "live" => LiveBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Recorder.Benchmarks.Audit parse <audit.log> [--rounds N] [--no-ausearch]");
    Console.Error.WriteLine("       Recorder.Benchmarks.Audit make-log <out.log> [records]");
    Console.Error.WriteLine("       Recorder.Benchmarks.Audit live [--seconds N] [--rounds N] [--backlog-wait-time JIFFIES] [--work DIR]");
    return 2;
}
