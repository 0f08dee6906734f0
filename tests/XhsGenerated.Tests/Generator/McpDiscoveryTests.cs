using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;
using XhsGenerated.Tools;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// Discovery mode on a vendor-sized catalog (36 platforms × 10 operations): three tools, the user
/// search found in English and Chinese, every operation described and called through call_operation
/// with the same result as its own tool, against the sandbox serving that catalog.
/// </summary>
public sealed partial class McpToolTests
{
    [Fact]
    public async Task On_a_vendor_sized_catalog_discovery_is_three_tools_that_find_describe_and_call_every_operation_as_its_own_tool()
    {
        var document = CatalogDocument.Build(platforms: 36, operationsPerPlatform: 10);
        var (output, _) = Generate(document, withMcp: true);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);

        var folder = Directory.CreateTempSubdirectory("xhs-discovery-").FullName;
        var context = new AssemblyLoadContext("mcp-discovery", isCollectible: true);
        try
        {
            var file = Path.Combine(folder, "catalog.json");
            await File.WriteAllTextAsync(file, document);
            var sandboxOptions = new SandboxOptions();
            sandboxOptions.Documents.Add(file);
            await using var sandbox = await SandboxServer.StartAsync(sandboxOptions);

            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var discovery = assembly.GetTypes().Single(t => t.Name == "JustOneApiMcpDiscovery");
            var operations = (IReadOnlyList<ToolOperation>)discovery.GetProperty("Operations")!.GetValue(null)!;
            var platforms = (IReadOnlyList<string>)discovery.GetProperty("Platforms")!.GetValue(null)!;
            var tools = (IReadOnlyList<McpServerTool>)discovery.GetMethod("DiscoveryTools")!.Invoke(null, [null])!;
            var own = ((IReadOnlyList<McpServerTool>)discovery.GetMethod("ToolsOf")!.Invoke(null, [platforms])!).ToDictionary(t => t.ProtocolTool.Name);

            Assert.InRange(platforms.Count, 32, 36);
            Assert.Equal(platforms.Order(StringComparer.Ordinal), operations.Select(o => o.Platform).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(360, operations.Count);
            Assert.Equal(own.Keys.Order(StringComparer.Ordinal), operations.Select(o => o.Name).Order(StringComparer.Ordinal));
            Assert.Equal(["find_operations", "describe_operation", "call_operation"], tools.Select(t => t.ProtocolTool.Name));
            foreach (var schema in tools.SelectMany(t => new[] { t.ProtocolTool.InputSchema }.Concat(t.ProtocolTool.OutputSchema is { } o ? [o] : Array.Empty<JsonElement>())))
            {
                Assert.True(MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid, schema.GetRawText());
            }

            var unknown = Assert.Throws<TargetInvocationException>(() => discovery.GetMethod("ToolsOf")!.Invoke(null, [new[] { "myspace" }]));
            Assert.Contains("xiaohongshu", Assert.IsType<ArgumentException>(unknown.InnerException).Message, StringComparison.Ordinal);

            // What a server offers: by default discovery past 40 tools, said once; all; some platforms.
            (IReadOnlyList<McpServerTool> Tools, string? Notice) Select(string? choice)
            {
                object?[] arguments = [choice, null, 40];
                var selected = (IReadOnlyList<McpServerTool>)discovery.GetMethod("Select")!.Invoke(null, arguments)!;
                return (selected, (string?)arguments[1]);
            }

            var byDefault = Select(null);
            Assert.Equal(tools.Select(t => t.ProtocolTool.Name), byDefault.Tools.Select(t => t.ProtocolTool.Name));
            Assert.Contains("360 operations", byDefault.Notice, StringComparison.Ordinal);
            Assert.Equal(360, Select("all").Tools.Count);
            Assert.Null(Select("all").Notice);
            Assert.Equal(3, Select(" Discover ").Tools.Count);
            var two = Select("xiaohongshu, douyin").Tools;
            Assert.Equal(operations.Count(o => o.Platform is "xiaohongshu" or "douyin"), two.Count);
            Assert.InRange(two.Count, 20, 40);
            Assert.All(two, t => Assert.True(t.ProtocolTool.Name.StartsWith("xiaohongshu_", StringComparison.Ordinal) || t.ProtocolTool.Name.StartsWith("douyin_", StringComparison.Ordinal), t.ProtocolTool.Name));
            var unknownPlatform = Assert.Throws<TargetInvocationException>(() => Select("xiaohongshu,myspace"));
            Assert.Contains("'myspace'", Assert.IsType<ArgumentException>(unknownPlatform.InnerException).Message, StringComparison.Ordinal);

            // Real requests: the SDK's own request context, a server object over idle streams, the clients in DI.
            var services = new ServiceCollection();
            foreach (var client in assembly.GetTypes().Where(t => t.Name.EndsWith("Client", StringComparison.Ordinal) && t.IsClass && !t.IsAbstract && t.GetConstructor([typeof(JustOneApiOptions)]) is not null))
            {
                services.AddSingleton(client, Activator.CreateInstance(client, new JustOneApiOptions { Token = SandboxOptions.DefaultToken, BaseAddress = sandbox.BaseAddress, MaxAttempts = 1 })!);
            }

            await using var provider = services.BuildServiceProvider();
            await using var transport = new StreamServerTransport(new MemoryStream(), new MemoryStream());
            await using var server = McpServer.Create(transport, new McpServerOptions(), null, provider);
            async Task<CallToolResult> Call(McpServerTool tool, JsonObject arguments)
                => await tool.InvokeAsync(new RequestContext<CallToolRequestParams>(
                    server,
                    new JsonRpcRequest { Method = "tools/call" },
                    new CallToolRequestParams { Name = tool.ProtocolTool.Name, Arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments.ToJsonString()) })
                {
                    Services = provider,
                });

            foreach (var query in new[] { "user search", "搜索用户" })
            {
                var found = await Call(tools[0], new JsonObject { ["query"] = query, ["platform"] = "xiaohongshu" });
                Assert.True(found.IsError is not true, Text(found));
                var names = found.StructuredContent!.Value.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
                Assert.InRange(names.Count, 1, 20);
                Assert.StartsWith("xiaohongshu_search_user", names[0], StringComparison.Ordinal);
                var everywhere = await Call(tools[0], new JsonObject { ["query"] = query });
                Assert.Equal(20, everywhere.StructuredContent!.Value.GetProperty("operations").GetArrayLength());
                Assert.Contains("search_user", everywhere.StructuredContent!.Value.GetProperty("operations")[0].GetProperty("name").GetString(), StringComparison.Ordinal);
            }

            foreach (var operation in operations)
            {
                var described = await Call(tools[1], new JsonObject { ["name"] = operation.Name });
                Assert.True(described.IsError is not true, Text(described));
                Assert.Equal(operation.InputSchema.GetRawText(), described.StructuredContent!.Value.GetProperty("input_schema").GetRawText());
                Assert.Contains("602", described.StructuredContent!.Value.GetProperty("business_codes").GetRawText(), StringComparison.Ordinal);

                var arguments = Minimal(operation.InputSchema);
                var direct = await Call(own[operation.Name], arguments);
                var through = await Call(tools[2], new JsonObject { ["name"] = operation.Name, ["arguments"] = arguments.DeepClone() });
                Assert.True(direct.IsError is not true, operation.Name + ": " + Text(direct));
                Assert.Equal(direct.IsError, through.IsError);
                // The same answer but for the sandbox's request id and record time, which count requests and seconds.
                Assert.Equal(Data(direct), Data(through));

                // Refused arguments are refused alike: an argument the operation does not take.
                var extra = (JsonObject)arguments.DeepClone();
                extra["no_such_argument"] = 1;
                var refused = await Call(tools[2], new JsonObject { ["name"] = operation.Name, ["arguments"] = extra });
                Assert.True(refused.IsError);
                Assert.Equal(Text(await Call(own[operation.Name], extra)), Text(refused));
            }

            var missing = await Call(tools[2], new JsonObject { ["name"] = "myspace_search" });
            Assert.True(missing.IsError);
            Assert.Contains("find_operations", Text(missing), StringComparison.Ordinal);
        }
        finally
        {
            context.Unload();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Data(CallToolResult result)
    {
        var node = result.StructuredContent is { } content ? JsonNode.Parse(content.GetRawText())!.AsObject() : null;
        node?.Remove("requestId");
        node?.Remove("recordTime");
        return node?.ToJsonString();
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>Arguments an input schema accepts: each required one, with its first enum value or a plain value of its type.</summary>
    private static JsonObject Minimal(JsonElement schema)
    {
        var arguments = new JsonObject();
        if (!schema.TryGetProperty("required", out var required))
        {
            return arguments;
        }

        foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
        {
            var property = schema.GetProperty("properties").GetProperty(name);
            var type = property.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString()) : "string";
            arguments[name] = property.TryGetProperty("enum", out var values) ? JsonNode.Parse(values[0].GetRawText())
                : type switch
                {
                    "integer" => property.TryGetProperty("minimum", out var min) ? JsonValue.Create(min.GetInt64()) : JsonValue.Create(1),
                    "number" => JsonValue.Create(1.5),
                    "boolean" => JsonValue.Create(true),
                    _ => JsonValue.Create("穿搭"),
                };
        }

        return arguments;
    }
}
