using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using XhsGenerated.Generator;

namespace XhsGenerated.Benchmarks;

/// <summary>An additional file whose text is made once, so a run measures the generator, not the text.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

    public string Json { get; } = text;

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>The documents the generator suites run on, and the driver plumbing around them.</summary>
public static class GeneratorInputs
{
    public const string Vendored = "vendored document";
    public const string FiftyDocuments = "50 per-endpoint documents";
    public const string LargeCatalog = "vendor-shaped 3.1 catalog (320 ops, 32 tags)";

    public static string VendoredJson { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "user-search-v2-en.json"));

    public static InMemoryAdditionalText[] Get(string name) => name switch
    {
        Vendored => new[] { new InMemoryAdditionalText("/project/openapi/user-search-v2-en.json", VendoredJson) },
        FiftyDocuments => Enumerable.Range(0, 50).Select(i => new InMemoryAdditionalText($"/project/openapi/op-{i:00}.json", PerEndpoint(i))).ToArray(),
        LargeCatalog => new[] { new InMemoryAdditionalText("/project/openapi/catalog.json", XhsGenerated.Tests.Infrastructure.CatalogDocument.Build(platforms: 32, operationsPerPlatform: 10)) },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The vendored document as the vendor would publish another endpoint: its own path and operation id.</summary>
    public static string PerEndpoint(int index, string? extraUserField = null)
    {
        var node = JsonNode.Parse(VendoredJson)!.AsObject();
        var paths = node["paths"]!.AsObject();
        var item = paths["/api/xiaohongshu/search-user/v2"]!.DeepClone();
        paths.Clear();
        item["get"]!["operationId"] = $"getSearchUserV{index + 100}";
        if (extraUserField is not null)
        {
            foreach (var user in item["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!["data"]!["users"]!.AsArray())
            {
                user![extraUserField] = 1;
            }
        }

        paths[$"/api/xiaohongshu/search-user/v{index + 100}"] = item;
        return node.ToJsonString();
    }

    public static CSharpCompilation Compilation() => CSharpCompilation.Create(
        "Consumer",
        new[] { CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Marker { } }", new CSharpParseOptions(LanguageVersion.Latest)) },
        Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(JustOneApiResponse).Assembly.Location)),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, bool track = false)
        => CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            files,
            new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Throws unless a run generated sources without errors.</summary>
    public static void Check(GeneratorDriver driver, int minimumSources)
    {
        var result = driver.GetRunResult();
        if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || result.GeneratedTrees.Length < minimumSources)
        {
            throw new InvalidOperationException($"The generator produced {result.GeneratedTrees.Length} files and {string.Join("; ", result.Diagnostics)}.");
        }
    }

    /// <summary>Throws unless every tracked step of the last run was cached or unchanged.</summary>
    public static void CheckAllCached(GeneratorDriver driver)
    {
        // Roslyn's own inputs change with every edit; the steps selected from them must not.
        foreach (var (name, steps) in driver.GetRunResult().Results.Single().TrackedSteps.Where(s => s.Key is not ("Compilation" or "ParseOptions")))
        {
            var reran = steps.SelectMany(s => s.Outputs).Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToList();
            if (reran.Count > 0)
            {
                throw new InvalidOperationException($"Step {name} re-ran on an unrelated edit.");
            }
        }
    }

    public static ImmutableArray<string> Names => ImmutableArray.Create(Vendored, FiftyDocuments, LargeCatalog);
}
