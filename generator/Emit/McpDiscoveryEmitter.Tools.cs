namespace XhsGenerated.Generator.Emit;

// The three discovery tools' classes: find_operations, describe_operation and call_operation.
internal static partial class McpDiscoveryEmitter
{
    private static void WriteTools(SourceWriter w)
    {
        var runtime = Types.Runtime;
        var operations = $"global::System.Collections.Generic.IReadOnlyList<{runtime}.Tools.ToolOperation>";
        foreach (var (type, name, title, description, input, output, body) in new[]
        {
            ("FindOperationsMcpTool", "find_operations", "Find operations",
                "Finds the Just One API operations that do what you describe (English or Chinese: \"user search\", \"搜索用户\"), optionally on one platform: at most 20, best first, each with its name, title and a one-line description. Then describe_operation tells its arguments and call_operation calls it.",
                """{"type":"object","properties":{"query":{"type":"string","description":"What the operation should do, in a few words."},"platform":{"type":"string","description":"Only this platform (snake case, as the operations' names start)."}},"required":["query"],"additionalProperties":false}""",
                """{"type":"object","properties":{"operations":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"platform":{"type":"string"},"title":{"type":["string","null"]},"description":{"type":"string"}},"required":["name","platform","description"]}}},"required":["operations"]}""",
                """
                var arguments = new __R__.Tools.ToolArguments(request.Params?.Arguments, Name, "query", "platform");
                var query = arguments.String("query", true);
                var platform = arguments.String("platform", false);
                if (arguments.Error is { } problem)
                {
                    return JustOneApiMcpDiscovery.Failure(problem);
                }

                if (platform is not null && !global::System.Linq.Enumerable.Any(_operations, o => o.Platform == platform.Trim().ToLowerInvariant()))
                {
                    return JustOneApiMcpDiscovery.Failure($"{Name}: no platform '{platform}' here; the platforms are: {string.Join(", ", global::System.Linq.Enumerable.Distinct(global::System.Linq.Enumerable.Select(_operations, o => o.Platform)))}.");
                }

                var found = __R__.Tools.ToolOperation.Find(_operations, query!, platform);
                return JustOneApiMcpDiscovery.Result(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("operations");
                    foreach (var operation in found)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", operation.Name);
                        writer.WriteString("platform", operation.Platform);
                        writer.WriteString("title", operation.Title);
                        writer.WriteString("description", operation.OneLine());
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
                """),
            ("DescribeOperationMcpTool", "describe_operation", "Describe an operation",
                "Describes one operation found by find_operations: its input schema (the arguments call_operation takes), its output schema, and what its business codes mean.",
                """{"type":"object","properties":{"name":{"type":"string","description":"The operation's name, as find_operations gives it."}},"required":["name"],"additionalProperties":false}""",
                """{"type":"object","properties":{"name":{"type":"string"},"platform":{"type":"string"},"title":{"type":["string","null"]},"description":{"type":["string","null"]},"input_schema":{"type":"object"},"output_schema":{"type":["object","null"]},"business_codes":{"type":"object"}},"required":["name","input_schema","business_codes"]}""",
                """
                var arguments = new __R__.Tools.ToolArguments(request.Params?.Arguments, Name, "name");
                var name = arguments.String("name", true);
                if (arguments.Error is { } problem)
                {
                    return JustOneApiMcpDiscovery.Failure(problem);
                }

                var operation = global::System.Linq.Enumerable.FirstOrDefault(_operations, o => o.Name == name);
                return operation is null
                    ? JustOneApiMcpDiscovery.Failure($"{Name}: no operation is named '{name}'; find_operations gives the names.")
                    : JustOneApiMcpDiscovery.Result(operation.WriteDescription);
                """),
            ("CallOperationMcpTool", "call_operation", "Call an operation",
                "Calls one operation with its arguments (an object, as describe_operation's input schema says), validated exactly as the operation's own tool validates them; returns the operation's result, or a tool error that says what to do.",
                """{"type":"object","properties":{"name":{"type":"string","description":"The operation's name, as find_operations gives it."},"arguments":{"type":"object","description":"The operation's arguments, as describe_operation's input schema says."}},"required":["name"],"additionalProperties":false}""",
                null,
                """
                var given = request.Params?.Arguments;
                var arguments = new __R__.Tools.ToolArguments(given, Name, "name", "arguments");
                var name = arguments.String("name", true);
                if (arguments.Error is { } problem)
                {
                    return JustOneApiMcpDiscovery.Failure(problem);
                }

                global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? inner = null;
                if (given is not null && given.TryGetValue("arguments", out var value) && value.ValueKind != global::System.Text.Json.JsonValueKind.Null)
                {
                    if (value.ValueKind != global::System.Text.Json.JsonValueKind.Object)
                    {
                        return JustOneApiMcpDiscovery.Failure($"{Name}: 'arguments' must be an object of the operation's arguments, as describe_operation's input schema says.");
                    }

                    inner = new global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>(global::System.StringComparer.Ordinal);
                    foreach (var property in value.EnumerateObject())
                    {
                        inner[property.Name] = property.Value.Clone();
                    }
                }

                if (!global::System.Linq.Enumerable.Any(_operations, o => o.Name == name) || JustOneApiMcpDiscovery.Call(name!, inner, request.Services, cancellationToken) is not { } call)
                {
                    return JustOneApiMcpDiscovery.Failure($"{Name}: no operation is named '{name}'; find_operations gives the names.");
                }

                return await call.ConfigureAwait(false);
                """),
        })
        {
            w.Line();
            GeneratedCode.Summary(w, $"The discovery tool {name}.");
            w.Line(GeneratedCode.Attribute);
            using (w.Block($"public sealed class {type} : {Mcp}.Server.McpServerTool"))
            {
                w.Lines($$"""
                    /// <summary>The tool's name.</summary>
                    public const string Name = {{Escaping.Literal(name)}};

                    private static readonly {{Mcp}}.Protocol.Tool Definition = new()
                    {
                        Name = Name,
                        Title = {{Escaping.Literal(title)}},
                        Description = {{Escaping.Literal(description)}},
                        InputSchema = {{runtime}}.Tools.ToolJson.Parse({{Escaping.Literal(input)}}),
                        {{(output is null ? "" : $"OutputSchema = {runtime}.Tools.ToolJson.Parse({Escaping.Literal(output)}),")}}
                        Annotations = new() { Title = {{Escaping.Literal(title)}}, ReadOnlyHint = {{(name == "call_operation" ? "false" : "true")}}, OpenWorldHint = {{(name == "call_operation" ? "true" : "false")}} },
                    };

                    private readonly {{operations}} _operations;

                    /// <summary>The tool over <paramref name="operations"/>.</summary>
                    /// <param name="operations">The operations it finds, describes or calls.</param>
                    public {{type}}({{operations}} operations) => _operations = operations;

                    /// <inheritdoc/>
                    public override {{Mcp}}.Protocol.Tool ProtocolTool => Definition;

                    /// <inheritdoc/>
                    public override global::System.Collections.Generic.IReadOnlyList<object> Metadata => global::System.Array.Empty<object>();

                    /// <inheritdoc/>
                    public override {{(name == "call_operation" ? "async " : "")}}global::System.Threading.Tasks.ValueTask<{{Mcp}}.Protocol.CallToolResult> InvokeAsync({{Mcp}}.Server.RequestContext<{{Mcp}}.Protocol.CallToolRequestParams> request, global::System.Threading.CancellationToken cancellationToken = default)
                    {
                        global::System.ArgumentNullException.ThrowIfNull(request);
                    """);
                if (name != "call_operation")
                {
                    // Nothing to wait for: the answer is computed at once.
                    w.Lines($$"""
                            return new(Invoke(request));
                        }

                        private {{Mcp}}.Protocol.CallToolResult Invoke({{Mcp}}.Server.RequestContext<{{Mcp}}.Protocol.CallToolRequestParams> request)
                        {
                        """);
                }

                w.PushIndent();
                w.Lines(body.Replace("__R__", runtime));
                w.PopIndent();
                w.Line("}");
            }
        }
    }
}
