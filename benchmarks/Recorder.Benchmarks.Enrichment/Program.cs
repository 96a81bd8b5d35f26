using Recorder.Benchmarks.Enrichment;

// Enrichment cost per event (warm caches) and process-table memory; see docs/perf/enrichment.md.
// Run: dotnet run -c Release --project benchmarks/Recorder.Benchmarks.Enrichment
Console.WriteLine("## Enrichment cost per event (warm caches)");
Console.WriteLine();
await EnrichmentCost.RunAsync(Console.Out);
Console.WriteLine();
Console.WriteLine("## Process table memory");
Console.WriteLine();
ProcessTableMemory.Run(Console.Out);
Console.WriteLine();
Console.WriteLine("## Hashing on a cache miss vs a hit");
Console.WriteLine();
HashCost.Run(Console.Out);
