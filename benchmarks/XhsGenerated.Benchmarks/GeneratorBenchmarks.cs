using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace XhsGenerated.Benchmarks;

/// <summary>A full run of the generator (a new driver each time, warm JIT) against NSwag's C# client generator on the same documents.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private InMemoryAdditionalText[] _files = Array.Empty<InMemoryAdditionalText>();
    private CSharpCompilation _compilation = null!;

    [ParamsSource(nameof(Inputs))]
    public string Input { get; set; } = GeneratorInputs.Vendored;

    public static IEnumerable<string> Inputs => GeneratorInputs.Names;

    [GlobalSetup]
    public void Setup()
    {
        _files = GeneratorInputs.Get(Input);
        _compilation = GeneratorInputs.Compilation();
        GeneratorInputs.Check(XhsGenerator(), minimumSources: 2);
        if (NSwag().Length == 0)
        {
            throw new InvalidOperationException("NSwag generated nothing.");
        }
    }

    [Benchmark(Description = "XhsGenerated generator")]
    public GeneratorDriver XhsGenerator() => GeneratorInputs.Driver(_files).RunGenerators(_compilation);

    [Benchmark(Baseline = true, Description = "NSwag CSharpClientGenerator")]
    public string NSwag()
    {
        var total = new System.Text.StringBuilder();
        foreach (var file in _files)
        {
            var document = global::NSwag.OpenApiDocument.FromJsonAsync(file.Json).GetAwaiter().GetResult();
            var generator = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings { ClassName = "{controller}Client", GenerateClientInterfaces = false });
            total.Append(generator.GenerateFile());
        }

        return total.ToString();
    }
}

/// <summary>
/// The first run in a fresh process, as a command-line build meets the generator: each launch is a
/// new process that runs once (BenchmarkDotNet's cold start), so assembly loading and JIT of the
/// generator, Microsoft.OpenApi and NSwag are in the figure. The setup only prepares the text.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GeneratorColdBenchmarks
{
    /// <summary>15 fresh processes, one run each.</summary>
    private sealed class Config() : OwnJobConfig(ColdStart(15, "Cold"));

    private InMemoryAdditionalText[] _files = Array.Empty<InMemoryAdditionalText>();

    [Params(GeneratorInputs.Vendored, GeneratorInputs.LargeCatalog)]
    public string Input { get; set; } = GeneratorInputs.Vendored;

    private CSharpCompilation _compilation = null!;

    /// <summary>The text and the compilation (the compiler's part, there before any generator runs).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _files = GeneratorInputs.Get(Input);
        _compilation = GeneratorInputs.Compilation();
    }

    [Benchmark(Description = "XhsGenerated generator, first run")]
    public int XhsGenerator()
    {
        var result = GeneratorInputs.Driver(_files).RunGenerators(_compilation).GetRunResult();
        return result.GeneratedTrees.Length > 0 && result.Diagnostics.All(d => d.Severity != DiagnosticSeverity.Warning || d.Id != "CS8785")
            ? result.GeneratedTrees.Length
            : throw new InvalidOperationException("The generator generated nothing: " + string.Join("; ", result.Diagnostics));
    }

    [Benchmark(Baseline = true, Description = "NSwag CSharpClientGenerator, first run")]
    public int NSwag()
    {
        var length = 0;
        foreach (var file in _files)
        {
            var document = global::NSwag.OpenApiDocument.FromJsonAsync(file.Json).GetAwaiter().GetResult();
            length += new CSharpClientGenerator(document, new CSharpClientGeneratorSettings { ClassName = "{controller}Client", GenerateClientInterfaces = false }).GenerateFile().Length;
        }

        return length;
    }
}

/// <summary>What a keystroke costs: the generator after an unrelated C# edit, and after one operation of 50 documents changes.</summary>
[MemoryDiagnoser]
public class IncrementalGeneratorBenchmarks
{
    private GeneratorDriver _warm = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private AdditionalText _before = null!;
    private AdditionalText _after = null!;

    [GlobalSetup]
    public void Setup()
    {
        var files = GeneratorInputs.Get(GeneratorInputs.FiftyDocuments);
        _compilation = GeneratorInputs.Compilation();
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Edited { public static int X => 1; } }", new CSharpParseOptions(LanguageVersion.Latest)));
        _before = files[7];
        _after = new InMemoryAdditionalText(_before.Path, GeneratorInputs.PerEndpoint(7, extraUserField: "fans_count"));
        _warm = GeneratorInputs.Driver(files).RunGenerators(_compilation);
        GeneratorInputs.Check(_warm, minimumSources: 51);

        // The target: an unrelated edit re-runs no step.
        var tracked = GeneratorInputs.Driver(files, track: true).RunGenerators(_compilation).RunGenerators(_edited);
        GeneratorInputs.CheckAllCached(tracked);
    }

    [Benchmark(Description = "Unrelated C# edit (50 documents)")]
    public GeneratorDriver UnrelatedEdit() => _warm.RunGenerators(_edited);

    [Benchmark(Description = "One operation changed in one of 50 documents")]
    public GeneratorDriver OneOperationChanged() => _warm.ReplaceAdditionalText(_before, _after).RunGenerators(_compilation);
}
