using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using XhsGenerated.Generator.Emit;
using XhsGenerated.Generator.Model;
using XhsGenerated.Generator.Parsing;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// Where the generator's time goes on a vendor-sized catalog, phase by phase (warm): the JSON text to
/// a <c>JsonNode</c>, Microsoft.OpenApi's object model from it, our whole parse (both of those plus
/// reading operations and inferring types from examples), grouping into clients (with and without
/// <c>XhsShareModels</c>, which merges models there), and emitting every file.
/// What is ours is the parse minus the first two, the grouping and the emit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorPhaseBenchmarks
{
    private string _text = "";
    private SourceText _source = null!;
    private JsonNode _root = null!;
    private DocumentModel _document = null!;
    private ClientSet _clients = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = XhsGenerated.Tests.Infrastructure.CatalogDocument.Build(platforms: 36, operationsPerPlatform: 10);
        _source = SourceText.From(_text);
        _root = JsonNode.Parse(_text)!;
        _document = ParseDocument().Document ?? throw new InvalidOperationException("The catalog did not parse.");
        _clients = GroupClients();
        if (Emit() < 1_000_000)
        {
            throw new InvalidOperationException("The catalog emitted too little.");
        }
    }

    [Benchmark(Description = "1. JSON text to JsonNode")]
    public JsonNode? Json() => JsonNode.Parse(_text);

    [Benchmark(Description = "2. Microsoft.OpenApi object model")]
    public OpenApiDocument? OpenApi()
        => new OpenApiJsonReader().Read(_root, new Uri("file:///catalog.json"), new OpenApiReaderSettings { LoadExternalRefs = false }).Document;

    [Benchmark(Description = "3. Whole parse (1 + 2 + operations and inference)")]
    public object Parse() => ParseDocument();

    [Benchmark(Description = "4. Grouping into clients")]
    public object Group() => GroupClients();

    [Benchmark(Description = "4b. Grouping into clients, XhsShareModels")]
    public object GroupShared() => ClientGrouping.Build(new[] { _document }, new[] { new FileSettings(_document.Path, null, null, OperationFilter.None, ShareModels: true) }, "Demo");

    private ParseResult ParseDocument() => DocumentParser.Parse("/project/openapi/catalog.json", _source, CancellationToken.None);

    private ClientSet GroupClients() => ClientGrouping.Build(new[] { _document }, Array.Empty<FileSettings>(), "Demo");

    [Benchmark(Description = "5. Emit every file")]
    public long Emit()
    {
        long length = 0;
        foreach (var client in _clients.Clients)
        {
            length += ClientEmitter.Emit(client).Length;
            foreach (var operation in client.Operations)
            {
                length += OperationEmitter.Emit(client, operation).Length;
            }
        }

        return length;
    }
}
