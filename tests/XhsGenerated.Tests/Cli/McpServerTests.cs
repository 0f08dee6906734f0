using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary>
/// <c>xhs mcp</c> as an MCP client starts it: a process on stdio, driven by the SDK's own client,
/// against the sandbox on 127.0.0.1 with the faults an agent meets.
/// </summary>
public sealed class McpServerTests : IAsyncLifetime
{
    private const string Tool = "xiaohongshu_search_user_v2";

    private readonly ConcurrentQueue<string> _stderr = new();
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions { RetryAfter = TimeSpan.FromSeconds(7) };
        options.Tokens.Add(Seed.Token);
        _sandbox = await SandboxServer.StartAsync(options);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    /// <summary>Starts <c>xhs mcp</c> on the sandbox with the test token, as an MCP client would (the token in the environment).</summary>
    private Task<McpClient> StartAsync(params string[] extra)
        => McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "xhs",
            Command = "dotnet",
            Arguments = [CliRunner.CliPath, "mcp", "--endpoint", _sandbox.BaseAddress.ToString(), .. extra],
            EnvironmentVariables = new Dictionary<string, string?> { ["JUSTONEAPI_TOKEN"] = Seed.Token },
            StandardErrorLines = line => _stderr.Enqueue(line),
        }));

    private static Dictionary<string, object?> Arguments(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    [Fact]
    public async Task Lists_the_search_as_a_typed_tool_and_answers_with_content_that_matches_its_output_schema()
    {
        await using var client = await StartAsync();

        var tools = await client.ListToolsAsync();
        var search = Assert.Single(tools, t => t.Name == Tool);
        var input = JsonNode.Parse(search.ProtocolTool.InputSchema.GetRawText())!;
        var result = await client.CallToolAsync(Tool, Arguments(("keyword", "穿搭"), ("page", 2)));

        Assert.Equal(JsonValueKind.Array, input["required"]!.GetValueKind());
        Assert.Equal(["keyword"], input["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("integer", (string?)input["properties"]!["page"]!["type"]);
        Assert.Equal(1, (int)input["properties"]!["page"]!["minimum"]!);
        Assert.Equal(["keyword", "page"], input["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.True(search.ProtocolTool.Annotations!.ReadOnlyHint);
        var listed = JsonSerializer.Serialize(tools.Select(t => t.ProtocolTool).ToList(), ModelContextProtocol.McpJsonUtilities.DefaultOptions);
        Assert.DoesNotContain(Seed.Token, listed, StringComparison.Ordinal);
        Assert.All(tools, t => Assert.DoesNotContain("token", t.ProtocolTool.InputSchema.GetRawText() + t.ProtocolTool.OutputSchema?.GetRawText(), StringComparison.OrdinalIgnoreCase));

        Assert.True(result.IsError is not true, Text(result));
        var output = JsonSchema.FromText(search.ProtocolTool.OutputSchema!.Value.GetRawText());
        var structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText());
        var evaluation = output.Evaluate(result.StructuredContent!.Value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, JsonSerializer.Serialize(evaluation));
        using var direct = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = _sandbox.BaseAddress });
        var expected = await direct.SearchUserV2Async("穿搭", page: 2);
        Assert.Equal(expected.Data!.Users.Select(u => u.Name), structured!["data"]!["users"]!.AsArray().Select(u => (string?)u!["name"]));
        Assert.Contains(expected.Data.Users[0].Name!, Text(result), StringComparison.Ordinal);
        Assert.Equal(("穿搭", 2L), (_sandbox.Stats.Keywords[0], 2L));
    }

    [Theory]
    [InlineData("missing keyword", "'keyword' is required")]
    [InlineData("page of two", "'page' must be an integer, not the string \"two\"")]
    [InlineData("page zero", "'page' must be at least 1")]
    [InlineData("unknown member", "does not take an argument 'region'")]
    [InlineData("keyword object", "'keyword' must be a string, not an object")]
    public async Task Bad_arguments_are_tool_errors_that_name_the_argument_and_the_server_stays_up(string bad, string says)
    {
        await using var client = await StartAsync();
        var arguments = bad switch
        {
            "missing keyword" => Arguments(("page", 1)),
            "page of two" => Arguments(("keyword", "穿搭"), ("page", "two")),
            "page zero" => Arguments(("keyword", "穿搭"), ("page", 0)),
            "unknown member" => Arguments(("keyword", "穿搭"), ("region", "cn")),
            _ => Arguments(("keyword", new { text = "穿搭" })),
        };

        var refused = await client.CallToolAsync(Tool, arguments);
        var fine = await client.CallToolAsync(Tool, Arguments(("keyword", "穿搭")));

        Assert.True(refused.IsError);
        Assert.Contains(says, Text(refused), StringComparison.Ordinal);
        Assert.True(fine.IsError is not true, Text(fine));
        Assert.Equal(1, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task A_collection_failure_is_retried_within_the_call()
    {
        await using var client = await StartAsync();
        _sandbox.EnqueueFaults(SandboxFault.Code301);

        var result = await client.CallToolAsync(Tool, Arguments(("keyword", "穿搭")));

        Assert.True(result.IsError is not true, Text(result));
        Assert.Equal(2, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task Code_201_is_an_empty_result_that_matches_the_output_schema()
    {
        await using var client = await StartAsync();
        var search = Assert.Single(await client.ListToolsAsync(), t => t.Name == Tool);
        _sandbox.EnqueueFault(new SandboxCodeFault(BusinessCodes.NoContent));

        var result = await client.CallToolAsync(Tool, Arguments(("keyword", "穿搭")));

        Assert.True(result.IsError is not true, Text(result));
        Assert.Equal(201, result.StructuredContent!.Value.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.StructuredContent!.Value.GetProperty("data").ValueKind);
        var evaluation = JsonSchema.FromText(search.ProtocolTool.OutputSchema!.Value.GetRawText()).Evaluate(result.StructuredContent!.Value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, JsonSerializer.Serialize(evaluation));
        Assert.Equal(1, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task In_discovery_mode_three_tools_find_describe_and_call_the_search()
    {
        await using var client = await StartAsync("--tools", "discover");

        var tools = await client.ListToolsAsync();
        var found = await client.CallToolAsync("find_operations", Arguments(("query", "搜索用户")));
        var described = await client.CallToolAsync("describe_operation", Arguments(("name", Tool)));
        var called = await client.CallToolAsync("call_operation", Arguments(("name", Tool), ("arguments", new { keyword = "穿搭", page = 2 })));
        var refused = await client.CallToolAsync("call_operation", Arguments(("name", Tool), ("arguments", new { keyword = "穿搭", page = 0 })));

        Assert.Equal(["call_operation", "describe_operation", "find_operations"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Tool, found.StructuredContent!.Value.GetProperty("operations")[0].GetProperty("name").GetString());
        Assert.Contains("602", described.StructuredContent!.Value.GetProperty("business_codes").GetRawText(), StringComparison.Ordinal);
        Assert.True(called.IsError is not true, Text(called));
        Assert.Equal(20, called.StructuredContent!.Value.GetProperty("data").GetProperty("users").GetArrayLength());
        Assert.True(refused.IsError);
        Assert.Contains("'page' must be at least 1", Text(refused), StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task Tools_of_a_named_platform_are_served_and_an_unknown_platform_is_exit_2_naming_the_known_ones()
    {
        await using (var client = await StartAsync("--tools", "Xiaohongshu"))
        {
            Assert.Equal([Tool], (await client.ListToolsAsync()).Select(t => t.Name));
        }

        var unknown = await CliRunner.RunAsync(["mcp", "--endpoint", _sandbox.BaseAddress.ToString(), "--token", Seed.Token, "--tools", "myspace"]);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'myspace'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("xiaohongshu", unknown.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", unknown.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(302, "Wait 7 seconds")]
    [InlineData(100, "JUSTONEAPI_TOKEN")]
    [InlineData(601, "topped up")]
    [InlineData(602, "spend limit")]
    [InlineData(303, "00:00 UTC")]
    public async Task A_business_code_is_a_tool_error_with_advice_and_nothing_the_server_wrote_holds_the_token(int code, string advice)
    {
        await using (var client = await StartAsync("--max-attempts", "1"))
        {
            if (code == 302)
            {
                _sandbox.EnqueueFaults(SandboxFault.Code302);
            }
            else
            {
                _sandbox.EnqueueFault(new SandboxCodeFault(code));
            }

            var result = await client.CallToolAsync(Tool, Arguments(("keyword", "穿搭")));

            Assert.True(result.IsError);
            Assert.True(Text(result).Contains(advice, StringComparison.Ordinal), Text(result));
            Assert.DoesNotContain(Seed.Token, Text(result), StringComparison.Ordinal);
        }

        Assert.NotEmpty(_stderr);
        Assert.DoesNotContain(_stderr, line => line.Contains(Seed.Token, StringComparison.Ordinal) || line.Contains(Seed.Token[..12], StringComparison.Ordinal));
    }
}
