using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/XhsGenerated.Benchmarks -- --filter '*'
// (CI: add --job Dry --inProcess for a smoke run that only proves every benchmark still runs.)
// --interleaved: the reader's time ratios measured in alternation (see InterleavedRatios).
// --long-run N [--strict]: N calls through one client with 10 % faults; memory, descriptors and the contract (LongRun).
if (args is ["--long-run", var count, ..] && int.TryParse(count, out var calls) && calls >= 10)
{
    return await XhsGenerated.Benchmarks.LongRun.RunAsync(calls, args.Contains("--strict"), Console.Out);
}

if (args is ["--interleaved"])
{
    XhsGenerated.Benchmarks.InterleavedRatios.Run(Console.Out);
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.Length == 0);
return failed ? 1 : 0;
