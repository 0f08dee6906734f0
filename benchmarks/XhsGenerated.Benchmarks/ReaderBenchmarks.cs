using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using XhsGenerated.Benchmarks.Client;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// Reading one response body already in memory: the generated reader against what a user would
/// otherwise pick. Baseline: System.Text.Json source generation over hand-written models.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private static readonly JsonSerializerOptions Reflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly global::Newtonsoft.Json.JsonSerializer NewtonsoftSerializer = global::Newtonsoft.Json.JsonSerializer.CreateDefault();
    private byte[] _body = Array.Empty<byte>();

    [Params(Payloads.ExampleVendorLayout, Payloads.ThousandUsersVendorLayout, Payloads.ThousandDistinctUsersVendorLayout)]
    public string Payload { get; set; } = Payloads.ExampleVendorLayout;

    [GlobalSetup]
    public void Setup()
    {
        _body = Payloads.Get(Payload);

        // Before timing: every typed reader must produce the same values.
        var expected = Canonical(Generated());
        foreach (var (name, dto) in new[] { ("STJ source generation", StjSourceGenerated()), ("STJ reflection", StjReflection()), ("Newtonsoft.Json", NewtonsoftJson()) })
        {
            if (!JsonNode.DeepEquals(expected, Canonical(dto)))
            {
                throw new InvalidOperationException($"{name} read different values than the generated reader.");
            }
        }

        if (expected["data"]?["users"]?.AsArray().Count is not (20 or 1000))
        {
            throw new InvalidOperationException("The payload was not read.");
        }
    }

    [Benchmark(Description = "Generated reader")]
    public SearchUserV2Response Generated() => SearchUserV2Response.Parse(_body);

    [Benchmark(Baseline = true, Description = "STJ source generation")]
    public ResponseDto StjSourceGenerated() => JsonSerializer.Deserialize(_body, DtoJsonContext.Default.ResponseDto)!;

    [Benchmark(Description = "STJ reflection")]
    public ResponseDto StjReflection() => JsonSerializer.Deserialize<ResponseDto>(_body, Reflection)!;

    [Benchmark(Description = "Newtonsoft.Json")]
    public ResponseDto NewtonsoftJson()
    {
        using var reader = new global::Newtonsoft.Json.JsonTextReader(new StreamReader(new MemoryStream(_body, writable: false)));
        return NewtonsoftSerializer.Deserialize<ResponseDto>(reader)!;
    }

    [Benchmark(Description = "JsonDocument parse + walk")]
    public int JsonDocumentWalk()
    {
        using var document = JsonDocument.Parse(_body);
        return Walk(document.RootElement);
    }

    [Benchmark(Description = "Utf8JsonReader floor (builds nothing)")]
    public int ReaderFloor()
    {
        var reader = new Utf8JsonReader(_body);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    private static int Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var sum = 0;
                foreach (var property in element.EnumerateObject())
                {
                    sum += property.Name.Length + Walk(property.Value);
                }

                return sum;
            case JsonValueKind.Array:
                var total = 0;
                foreach (var item in element.EnumerateArray())
                {
                    total += Walk(item);
                }

                return total;
            case JsonValueKind.String:
                return element.GetString()!.Length;
            case JsonValueKind.Number:
                return (int)element.GetInt64();
            default:
                return 1;
        }
    }

    /// <summary>The values read, as JSON by the models' JSON names (empty AdditionalProperties dropped): comparable across model types.</summary>
    private static JsonNode Canonical(object response)
    {
        var node = JsonSerializer.SerializeToNode(response, response.GetType(), Reflection)!;
        Strip(node);
        return node;
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            obj.Remove("AdditionalProperties");
            obj.Remove("IsSuccess");
            foreach (var (_, child) in obj)
            {
                Strip(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Strip(item);
            }
        }
    }
}

/// <summary>
/// The first typed result in a fresh process: the body already in memory, the first parse of it, JIT
/// and type loading included (BenchmarkDotNet's cold start: 15 processes, one run each; read the
/// median). Against System.Text.Json source generation's first deserialize of the same bytes.
/// </summary>
[Config(typeof(Config))]
[MedianColumn]
public class FirstCallBenchmarks
{
    private sealed class Config() : OwnJobConfig(ColdStart(15, "FirstCall"));

    private byte[] _body = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup() => _body = Payloads.Get(Payloads.ExampleVendorLayout);

    [Benchmark(Description = "Generated reader, first parse")]
    public int Generated() => SearchUserV2Response.Parse(_body).Data!.Users.Count;

    [Benchmark(Baseline = true, Description = "STJ source generation, first deserialize")]
    public int StjSourceGenerated() => JsonSerializer.Deserialize(_body, DtoJsonContext.Default.ResponseDto)!.Data!.Users!.Count;
}
