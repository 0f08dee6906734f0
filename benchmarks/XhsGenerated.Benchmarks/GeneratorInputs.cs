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
    public const string LargeCatalog = "large 3.1 document (350 ops, 35 tags)";

    public static string VendoredJson { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "user-search-v2-en.json"));

    public static InMemoryAdditionalText[] Get(string name) => name switch
    {
        Vendored => new[] { new InMemoryAdditionalText("/project/openapi/user-search-v2-en.json", VendoredJson) },
        FiftyDocuments => Enumerable.Range(0, 50).Select(i => new InMemoryAdditionalText($"/project/openapi/op-{i:00}.json", PerEndpoint(i))).ToArray(),
        LargeCatalog => new[] { new InMemoryAdditionalText("/project/openapi/catalog.json", Catalog(tags: 35, operationsPerTag: 10)) },
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

    /// <summary>A combined catalog in the vendor's 3.1 shape: query parameters, string enums, shared responses by $ref.</summary>
    public static string Catalog(int tags, int operationsPerTag)
    {
        var paths = new JsonObject();
        for (var t = 0; t < tags; t++)
        {
            var tag = $"Platform{t:00} (Name {t})";
            for (var o = 0; o < operationsPerTag; o++)
            {
                paths[$"/api/platform{t:00}/operation{o:00}/v1"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["tags"] = new JsonArray(tag),
                        ["summary"] = $"Operation {o} of platform {t}",
                        ["description"] = "Returns data for the given keyword, paginated.",
                        ["operationId"] = $"getPlatform{t:00}Operation{o:00}V1",
                        ["parameters"] = new JsonArray(
                            Parameter("token", "string", required: true),
                            Parameter("keyword", "string", required: true),
                            Parameter("page", "integer", required: false),
                            new JsonObject { ["name"] = "sort", ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("_0", "_1", "DAY_30", "最新") } }),
                        ["responses"] = new JsonObject { ["default"] = new JsonObject { ["$ref"] = "#/components/responses/Default" } },
                    },
                };
            }
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Just One API", ["version"] = "1.0.0" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://api.justoneapi.com", ["description"] = "prod-global" }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Result"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                            ["message"] = new JsonObject { ["type"] = "string" },
                            ["data"] = new JsonObject(),
                        },
                    },
                },
                ["responses"] = new JsonObject
                {
                    ["Default"] = new JsonObject
                    {
                        ["description"] = "The envelope",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Result" } } },
                    },
                },
            },
        };
        return document.ToJsonString();
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

    private static JsonObject Parameter(string name, string type, bool required)
        => new()
        {
            ["name"] = name,
            ["in"] = "query",
            ["required"] = required,
            ["schema"] = type == "integer" ? new JsonObject { ["type"] = type, ["format"] = "int32", ["default"] = 1 } : new JsonObject { ["type"] = type },
        };

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
        foreach (var (name, steps) in driver.GetRunResult().Results.Single().TrackedSteps)
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
