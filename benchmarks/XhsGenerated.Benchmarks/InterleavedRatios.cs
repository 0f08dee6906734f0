using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using XhsGenerated.Benchmarks.Client;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// A cross-check of the reader's time ratios that the shared host's slow phases cannot skew: the
/// generated reader and System.Text.Json source generation timed in alternation, 400 rounds each, and
/// the median of the per-round ratios. BenchmarkDotNet measures one method after the other, minutes
/// apart, so a phase of the host that slows one and not the other moves its ratio; here both see the
/// same phase. Not a replacement for the suites: no allocation figures, no statistics beyond quartiles.
/// </summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/XhsGenerated.Benchmarks -- --interleaved</c></remarks>
public static class InterleavedRatios
{
    public static void Run(TextWriter output)
    {
        foreach (var name in new[] { Payloads.ExampleVendorLayout, Payloads.ThousandUsersVendorLayout, Payloads.ThousandDistinctUsersVendorLayout })
        {
            var body = Payloads.Get(name);
            var inner = body.Length > 100_000 ? 10 : 500;
            for (var i = 0; i < 100; i++)
            {
                SearchUserV2Response.Parse(body);
                JsonSerializer.Deserialize(body, DtoJsonContext.Default.ResponseDto);
            }

            var ratios = new List<double>();
            var ours = new List<double>();
            var baseline = new List<double>();
            for (var round = 0; round < 400; round++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < inner; i++)
                {
                    SearchUserV2Response.Parse(body);
                }

                var generated = clock.Elapsed.TotalMicroseconds / inner;
                clock.Restart();
                for (var i = 0; i < inner; i++)
                {
                    JsonSerializer.Deserialize(body, DtoJsonContext.Default.ResponseDto);
                }

                var stj = clock.Elapsed.TotalMicroseconds / inner;
                ratios.Add(generated / stj);
                ours.Add(generated);
                baseline.Add(stj);
            }

            ratios.Sort();
            ours.Sort();
            baseline.Sort();
            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: generated / STJ source generation, median {1:F3} (quartiles {2:F3}–{3:F3}); medians {4:F1} µs vs {5:F1} µs",
                name,
                ratios[200],
                ratios[100],
                ratios[300],
                ours[200],
                baseline[200]));
        }
    }
}
