using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;
using XhsGenerated.Generator.Parsing;

namespace XhsGenerated.Generator.Emit;

/// <summary>
/// When the compilation references the MCP C# SDK: one <c>McpServerTool</c> per operation, with its
/// JSON schemas as text (no reflection at run time), and per client a <c>With{Platform}Tools()</c>
/// registration on the server builder that resolves the client from dependency injection.
/// </summary>
internal static class McpToolEmitter
{
    private const string Mcp = "global::ModelContextProtocol";

    public static void EmitAll(SourceProductionContext context, ClientSet set, McpSupport support)
    {
        if (!support.Tools || set.Clients.IsEmpty)
        {
            return;
        }

        var names = McpToolNames.Assign(set.Clients, out var renamed);
        foreach (var (operation, wanted, name) in renamed)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.IdentifierChanged, Location.None, wanted, name, "the MCP tool name of " + operation + ", since another operation's tool has that name"));
        }

        var discovery = McpDiscoveryEmitter.TypeName(set);
        foreach (var client in set.Clients)
        {
            context.AddSource(HintNames.Of(client.Namespace, client.ClientName, "McpTools"), Emit(client, names, support.Builder, discovery));
        }

        context.AddSource(HintNames.Of(McpDiscoveryEmitter.Namespace(set), "JustOneApiMcpDiscovery"), McpDiscoveryEmitter.Emit(set, support.Builder));
    }

    private static string Emit(ClientModel client, Dictionary<(string, string, string), string> names, bool builder, string discovery)
    {
        var w = GeneratedCode.StartFile(client.Namespace);
        var platform = McpToolNames.Platform(client);
        if (builder)
        {
            GeneratedCode.Summary(w, $"Registers every operation of {client.ClientName} as an MCP tool.");
            w.Line(GeneratedCode.Attribute);
            using (w.Block($"public static class {client.ClientName}McpServerBuilderExtensions"))
            {
                w.Lines($$"""
                    /// <summary>
                    /// Adds one MCP tool per operation of <see cref="{{client.ClientName}}"/>; each call resolves the client from
                    /// dependency injection (register it with <c>Add{{client.ClientName}}</c>). The token is never an input of a tool.
                    /// </summary>
                    /// <param name="builder">The MCP server builder.</param>
                    /// <returns>The builder.</returns>
                    public static global::Microsoft.Extensions.DependencyInjection.IMcpServerBuilder With{{platform}}Tools(this global::Microsoft.Extensions.DependencyInjection.IMcpServerBuilder builder)
                        => global::Microsoft.Extensions.DependencyInjection.McpServerBuilderExtensions.WithTools(builder, {{client.ClientName}}McpTools.All);

                    /// <summary>
                    /// Adds the three discovery tools (find_operations, describe_operation, call_operation) over the operations of
                    /// <see cref="{{client.ClientName}}"/>, instead of one tool per operation: for agents whose clients cap their tools.
                    /// </summary>
                    /// <param name="builder">The MCP server builder.</param>
                    /// <returns>The builder.</returns>
                    public static global::Microsoft.Extensions.DependencyInjection.IMcpServerBuilder With{{platform}}DiscoveryTools(this global::Microsoft.Extensions.DependencyInjection.IMcpServerBuilder builder)
                        => global::Microsoft.Extensions.DependencyInjection.McpServerBuilderExtensions.WithTools(builder, {{discovery}}.DiscoveryTools(new[] { {{Escaping.Literal(McpToolNames.Snake(platform))}} }));
                    """);
            }

            w.Line();
        }

        GeneratedCode.Summary(w, $"The MCP tools of {client.ClientName}, one per operation.");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public static class {client.ClientName}McpTools"))
        {
            w.Line("/// <summary>A new instance of every tool, in operation order.</summary>");
            using (w.Block($"public static global::System.Collections.Generic.IReadOnlyList<{Mcp}.Server.McpServerTool> All => new {Mcp}.Server.McpServerTool[]", ";"))
            {
                foreach (var operation in client.Operations)
                {
                    w.Line($"new {operation.Name}McpTool(),");
                }
            }

            w.Line();
            w.Line("/// <summary>Every operation as the discovery tools describe it, in operation order.</summary>");
            using (w.Block($"public static global::System.Collections.Generic.IReadOnlyList<{Types.Runtime}.Tools.ToolOperation> Operations {{ get; }} = new {Types.Runtime}.Tools.ToolOperation[]", ";"))
            {
                foreach (var operation in client.Operations)
                {
                    w.Line($"Describe({operation.Name}McpTool.Definition),");
                }
            }

            var snake = Escaping.Literal(McpToolNames.Snake(platform));
            w.Lines($$"""

                /// <summary>Calls the operation whose tool is named <paramref name="name"/> exactly as its own tool does; null when it is none of this client's.</summary>
                /// <param name="name">The tool's name.</param>
                /// <param name="arguments">The agent's arguments.</param>
                /// <param name="services">Where the client is resolved from.</param>
                /// <param name="cancellationToken">Cancels the call.</param>
                /// <returns>The tool's result, or null.</returns>
                public static global::System.Threading.Tasks.ValueTask<{{Mcp}}.Protocol.CallToolResult>? Call(string name, global::System.Collections.Generic.IDictionary<string, global::System.Text.Json.JsonElement>? arguments, global::System.IServiceProvider? services, global::System.Threading.CancellationToken cancellationToken) => name switch
                {
                """);
            w.PushIndent();
            foreach (var operation in client.Operations)
            {
                w.Line($"{operation.Name}McpTool.Name => {operation.Name}McpTool.CallAsync(arguments, services, cancellationToken),");
            }

            w.PopIndent();
            w.Lines($$"""
                    _ => null,
                };

                private static {{Types.Runtime}}.Tools.ToolOperation Describe({{Mcp}}.Protocol.Tool tool) => new(tool.Name, {{snake}}, tool.Title, tool.Description, tool.InputSchema, tool.OutputSchema);
                """);
        }

        foreach (var operation in client.Operations)
        {
            w.Line();
            WriteTool(w, client, operation, names[(client.Namespace, client.ClientName, operation.Name)]);
        }

        return w.ToString();
    }

    private static void WriteTool(SourceWriter w, ClientModel client, OperationModel operation, string name)
    {
        var title = FirstLine(operation.Summary) ?? operation.MethodName;
        var description = string.Join("\n\n", new[] { operation.Summary, operation.Description }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct())
            + (string.IsNullOrWhiteSpace(operation.Summary) && string.IsNullOrWhiteSpace(operation.Description) ? $"Calls {operation.HttpMethod} {operation.Path} of Just One API." : "")
            + "\n\nA failure comes back as a tool error that says what to do: an invalid token (code 100), a collection failure that was already retried (301), the rate limit or the daily quota with the wait (302, 303), refused arguments (400), permission, balance or the token's spend limit (600, 601, 602). Code 201 (no content) is an empty result.";
        var readOnly = operation.HttpMethod == "GET" ? "true" : "false";
        var known = string.Join(", ", operation.Parameters.Select(p => Escaping.Literal(p.JsonName)));
        GeneratedCode.Summary(w, $"The MCP tool {name}: {client.ClientName}.{operation.MethodName}Async, reflection-free.");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public sealed class {operation.Name}McpTool : {Mcp}.Server.McpServerTool"))
        {
            w.Lines($$"""
                /// <summary>The tool's name.</summary>
                public const string Name = {{Escaping.Literal(name)}};

                internal static readonly {{Mcp}}.Protocol.Tool Definition = new()
                {
                    Name = Name,
                    Title = {{Escaping.Literal(title)}},
                    Description = {{Escaping.Literal(description)}},
                    InputSchema = {{Types.Runtime}}.Tools.ToolJson.Parse({{Escaping.Literal(JsonSchemaText.Input(operation))}}),
                    OutputSchema = {{Types.Runtime}}.Tools.ToolJson.Parse({{Escaping.Literal(JsonSchemaText.Output(operation.Response))}}),
                    Annotations = new() { Title = {{Escaping.Literal(title)}}, ReadOnlyHint = {{readOnly}}, OpenWorldHint = true, DestructiveHint = {{(readOnly == "true" ? "false" : "null")}}, IdempotentHint = {{(readOnly == "true" ? "true" : "null")}} },
                };

                /// <inheritdoc/>
                public override {{Mcp}}.Protocol.Tool ProtocolTool => Definition;

                /// <inheritdoc/>
                public override global::System.Collections.Generic.IReadOnlyList<object> Metadata => global::System.Array.Empty<object>();

                /// <inheritdoc/>
                public override global::System.Threading.Tasks.ValueTask<{{Mcp}}.Protocol.CallToolResult> InvokeAsync({{Mcp}}.Server.RequestContext<{{Mcp}}.Protocol.CallToolRequestParams> request, global::System.Threading.CancellationToken cancellationToken = default)
                {
                    global::System.ArgumentNullException.ThrowIfNull(request);
                    return CallAsync(request.Params?.Arguments, request.Services, cancellationToken);
                }

                /// <summary>Validates the agent's arguments and calls the operation: what this tool and <c>call_operation</c> both do.</summary>
                /// <param name="agentArguments">The agent's arguments.</param>
                /// <param name="services">Where the client is resolved from.</param>
                /// <param name="cancellationToken">Cancels the call.</param>
                /// <returns>The structured result, or a tool error that says what to do.</returns>
                public static async global::System.Threading.Tasks.ValueTask<{{Mcp}}.Protocol.CallToolResult> CallAsync(global::System.Collections.Generic.IDictionary<string, global::System.Text.Json.JsonElement>? agentArguments, global::System.IServiceProvider? services, global::System.Threading.CancellationToken cancellationToken)
                {
                    var arguments = new {{Types.Runtime}}.Tools.ToolArguments(agentArguments, Name{{(known.Length == 0 ? "" : ", " + known)}});
                """);
            w.PushIndent();
            var values = new List<string>();
            for (var i = 0; i < operation.Parameters.Count; i++)
            {
                var p = operation.Parameters[i];
                var required = p.Required ? "true" : "false";
                var read = p.Enum is { IsInteger: true } || p.Type == ParameterType.Int64
                    ? $"arguments.Int64({Escaping.Literal(p.JsonName)}, {required}{Bounds(p, p.CSharpName == operation.PagingParameter)})"
                    : p.Type switch
                    {
                        ParameterType.Int32 => $"arguments.Int32({Escaping.Literal(p.JsonName)}, {required}{Bounds(p, p.CSharpName == operation.PagingParameter)})",
                        ParameterType.Double => $"arguments.Double({Escaping.Literal(p.JsonName)}, {required})",
                        ParameterType.Boolean => $"arguments.Boolean({Escaping.Literal(p.JsonName)}, {required})",
                        _ => $"arguments.String({Escaping.Literal(p.JsonName)}, {required})",
                    };
                w.Line($"var value{i} = {read};");
                var isValue = p.Enum is { IsInteger: true } || p.Type != ParameterType.String;
                var converted = p.Enum is { } e
                    ? (p.Required ? $"({e.TypeName})value{i}{(isValue ? ".Value" : "!")}" : $"value{i} is null ? default({e.TypeName}?) : ({e.TypeName})value{i}{(isValue ? ".Value" : "")}")
                    : p.Required ? $"value{i}{(isValue ? ".Value" : "!")}" : $"value{i}";
                values.Add($"{p.CSharpName}: {converted}");
            }

            w.Lines($$"""
                if (arguments.Error is { } problem)
                {
                    return Failure(problem);
                }

                if (services?.GetService(typeof({{client.ClientName}})) is not {{client.ClientName}} client)
                {
                    return Failure(Name + ": this MCP server has no {{client.ClientName}}; register one with Add{{client.ClientName}}().");
                }

                try
                {
                    var response = await client.{{operation.MethodName}}Async({{string.Join(", ", values.Concat(new[] { "cancellationToken: cancellationToken" }))}}).ConfigureAwait(false);
                    var (structured, text) = {{Types.Runtime}}.Tools.ToolJson.Write(response.WriteTo);
                    return new {{Mcp}}.Protocol.CallToolResult
                    {
                        StructuredContent = structured,
                        Content = new global::System.Collections.Generic.List<{{Mcp}}.Protocol.ContentBlock> { new {{Mcp}}.Protocol.TextContentBlock { Text = text } },
                    };
                }
                catch ({{Types.Runtime}}.JustOneApiException failure)
                {
                    return Failure({{Types.Runtime}}.Tools.ToolErrors.Describe(failure));
                }
                catch (global::System.ArgumentException refused)
                {
                    return Failure({{Types.Runtime}}.Tools.ToolErrors.DescribeArgument(Name, refused));
                }
                """);
            w.PopIndent();
            w.Lines($$"""
                }

                private static {{Mcp}}.Protocol.CallToolResult Failure(string message) => new()
                {
                    IsError = true,
                    Content = new global::System.Collections.Generic.List<{{Mcp}}.Protocol.ContentBlock> { new {{Mcp}}.Protocol.TextContentBlock { Text = message } },
                };
                """);
        }
    }

    private static string Bounds(ParameterModel parameter, bool paging)
        => ((parameter.Minimum ?? (paging ? 1 : null)) is { } minimum ? ", minimum: " + minimum.ToString(CultureInfo.InvariantCulture) : "")
            + (parameter.Maximum is null ? "" : ", maximum: " + parameter.Maximum.Value.ToString(CultureInfo.InvariantCulture));

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = text!.Trim().Split('\n')[0].Trim();
        return line.Length <= 120 ? line : line.Substring(0, 117) + "...";
    }
}
