using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.CodeAnalysis;
using ModelContextProtocol.Server;
using XhsGenerated.Generator.Emit;
using XhsGenerated.Generator.Model;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>MCP tools from the generator: only where the SDK is referenced, valid names, valid schemas, nothing of the token.</summary>
public sealed partial class McpToolTests
{
    /// <summary>The MCP SDK and what its public types need, as a consumer's build would reference them.</summary>
    private static readonly MetadataReference[] McpReferences = new[] { typeof(McpServerTool).Assembly, typeof(Microsoft.Extensions.DependencyInjection.IMcpServerBuilder).Assembly }
        .SelectMany(a => a.GetReferencedAssemblies().Select(Load).Append(a))
        .Where(a => a is not null && !a.IsDynamic && a.Location.Length > 0 && (a.GetName().Name!.StartsWith("ModelContextProtocol", StringComparison.Ordinal) || a.GetName().Name!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)))
        .DistinctBy(a => a!.GetName().Name)
        .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a!.Location))
        .ToArray();

    private static Assembly? Load(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    internal static (Compilation Output, GeneratorDriverRunResult Run) Generate(string document, bool withMcp)
    {
        var compilation = GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }");
        if (withMcp)
        {
            compilation = compilation.AddReferences(McpReferences.Where(r => !compilation.References.Any(e => Path.GetFileName(e.Display) == Path.GetFileName(r.Display))));
        }

        var driver = GeneratorHarness.NewDriver([new TestAdditionalFile("/project/openapi/catalog.json", document)]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (output, driver.GetRunResult());
    }

    [Fact]
    public void Without_the_sdk_nothing_changes()
    {
        var (_, run) = Generate(GeneratorHarness.VendoredDocument, withMcp: false);

        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.Contains("McpTools", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalog_gives_one_tool_per_operation_with_unique_valid_names_and_valid_json_schemas()
    {
        var (output, run) = Generate(CatalogDocument.Build(platforms: 32, operationsPerPlatform: 10), withMcp: true);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));

        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
        var context = new AssemblyLoadContext("mcp-tools", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var tools = assembly.GetTypes()
                .Where(t => t.Name.EndsWith("McpTools", StringComparison.Ordinal))
                .SelectMany(t => (IReadOnlyList<McpServerTool>)t.GetProperty("All")!.GetValue(null)!)
                .Select(t => t.ProtocolTool)
                .ToList();

            Assert.True(tools.Count >= 300, $"{tools.Count} tools");
            Assert.Equal(tools.Count, tools.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.All(tools, t => Assert.Matches(ValidName(), t.Name));
            var metaSchema = MetaSchemas.Draft202012;
            foreach (var tool in tools)
            {
                foreach (var schema in new[] { tool.InputSchema, tool.OutputSchema!.Value })
                {
                    var result = metaSchema.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
                    Assert.True(result.IsValid, $"{tool.Name}: {schema.GetRawText()}");
                    _ = JsonSchema.FromText(schema.GetRawText());
                }

                Assert.DoesNotContain("token", tool.InputSchema.GetRawText(), StringComparison.OrdinalIgnoreCase);
                Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Names_are_snake_case_within_64_characters_and_clashes_step_aside_deterministically()
    {
        Assert.Equal("search_user_v2", McpToolNames.Snake("SearchUserV2"));
        Assert.Equal("xml_parser_v10", McpToolNames.Snake("XMLParserV10"));
        Assert.Equal("platform1688", McpToolNames.Snake("Platform1688"));
        Assert.Equal("value_u6700_u65b0", McpToolNames.Snake("Value最新"));
        var longName = McpToolNames.Fit(McpToolNames.Snake(string.Concat(Enumerable.Repeat("SearchUser", 20))));
        Assert.Matches(ValidName(), longName);
        Assert.Equal(longName, McpToolNames.Fit(McpToolNames.Snake(string.Concat(Enumerable.Repeat("SearchUser", 20)))));
        Assert.NotEqual(longName, McpToolNames.Fit(McpToolNames.Snake(string.Concat(Enumerable.Repeat("SearchUser", 21)))));
    }

    [Fact]
    public void Two_operations_that_would_share_a_tool_name_get_distinct_names_in_a_fixed_order()
    {
        static ClientModel Client(string ns, string method) => new(
            ns,
            "XiaohongshuClient",
            EquatableArray<ServerModel>.Empty,
            new[]
            {
                new OperationModel("SearchV1", "get" + method, "GET", "/x", "x.json", null, null, false, EquatableArray<ParameterModel>.Empty, false, null, new ResponseModel("SearchV1Response", TypeRef.Any, EquatableArray<ObjectModel>.Empty, TypeSource.None)) { MethodName = method },
            }.ToEquatableArray());

        var clients = new[] { Client("Two", "SearchV1"), Client("One", "SearchV1") }.ToEquatableArray();
        var names = McpToolNames.Assign(clients, out var renamed);
        var again = McpToolNames.Assign(new[] { clients[1], clients[0] }.ToEquatableArray(), out _);

        Assert.Equal("xiaohongshu_search_v1", names[("One", "XiaohongshuClient", "SearchV1")]);
        Assert.Equal("xiaohongshu_search_v1_2", names[("Two", "XiaohongshuClient", "SearchV1")]);
        Assert.Equal(names.OrderBy(n => n.Key), again.OrderBy(n => n.Key));
        Assert.Equal(("xiaohongshu_search_v1", "xiaohongshu_search_v1_2"), (renamed.Single().From, renamed.Single().To));
    }

    [GeneratedRegex("^[a-z0-9_]{1,64}$")]
    private static partial Regex ValidName();
}
