using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/XhsGenerated.Benchmarks -- --filter '*'
// (CI: add --job Dry --inProcess for a smoke run that only proves every benchmark still runs.)
// --interleaved: the reader's time ratios measured in alternation (see InterleavedRatios).
// --long-run N [--strict]: N calls through one client with 10 % faults; memory, descriptors and the contract (LongRun).
// --write-catalog FILE [PLATFORMS OPERATIONS]: the vendor-sized synthetic catalog (36 × 10), for benchmarks/build-times.sh.
if (args is ["--write-catalog", var file, ..])
{
    var platforms = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 36;
    var operations = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10;
    await File.WriteAllTextAsync(file, XhsGenerated.Tests.Infrastructure.CatalogDocument.Build(platforms, operations));
    return 0;
}

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
