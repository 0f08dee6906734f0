using System.Linq;
using XhsGenerated.Generator.Parsing;

namespace XhsGenerated.Generator.Emit;

/// <summary>
/// Discovery mode, once per compilation: three MCP tools over every compiled operation instead of one
/// tool per operation (clients cap their tools at 40 to 128): <c>find_operations</c>,
/// <c>describe_operation</c> and <c>call_operation</c>, which validates and calls exactly as the
/// operation's own tool does. The dispatch is a generated table (each client's <c>Call</c>), never
/// reflection. Also the platforms' names and their tools, for a server that serves some platforms only.
/// </summary>
internal static partial class McpDiscoveryEmitter
{
    private const string Mcp = "global::ModelContextProtocol";
    private const string Tools = "global::System.Collections.Generic.IReadOnlyList<" + Mcp + ".Server.McpServerTool>";
    private const string Arguments = "global::System.Collections.Generic.IDictionary<string, global::System.Text.Json.JsonElement>";

    /// <summary>Where the discovery class goes: the first client's namespace (ordinal).</summary>
    public static string Namespace(ClientSet set) => set.Clients.Select(c => c.Namespace).OrderBy(n => n, System.StringComparer.Ordinal).First();

    public static string TypeName(ClientSet set) => "global::" + Namespace(set) + ".JustOneApiMcpDiscovery";

    public static string Emit(ClientSet set, bool builder)
    {
        var w = GeneratedCode.StartFile(Namespace(set));
        var clients = set.Clients.OrderBy(c => c.Namespace, System.StringComparer.Ordinal).ThenBy(c => c.ClientName, System.StringComparer.Ordinal).ToList();
        var platforms = clients.Select(c => (Client: c, Snake: McpToolNames.Snake(McpToolNames.Platform(c)))).ToList();
        var known = string.Join(", ", platforms.Select(p => p.Snake).Distinct());
        var runtime = Types.Runtime;
        if (builder)
        {
            GeneratedCode.Summary(w, "Registers the discovery tools over every compiled operation.");
            w.Line(GeneratedCode.Attribute);
            using (w.Block("public static class JustOneApiMcpDiscoveryBuilderExtensions"))
            {
                w.Lines($$"""
                    /// <summary>Adds find_operations, describe_operation and call_operation over the operations of <paramref name="platforms"/> (every platform when none is named).</summary>
                    /// <param name="builder">The MCP server builder.</param>
                    /// <param name="platforms">Platforms in snake case ({{known}}).</param>
                    /// <returns>The builder.</returns>
                    /// <exception cref="global::System.ArgumentException">A platform is none of these.</exception>
                    public static global::Microsoft.Extensions.DependencyInjection.IMcpServerBuilder WithJustOneApiDiscoveryTools(this global::Microsoft.Extensions.DependencyInjection.IMcpServerBuilder builder, params string[] platforms)
                        => global::Microsoft.Extensions.DependencyInjection.McpServerBuilderExtensions.WithTools(builder, JustOneApiMcpDiscovery.DiscoveryTools(platforms.Length == 0 ? null : platforms));
                    """);
            }

            w.Line();
        }

        GeneratedCode.Summary(w, "Every compiled operation for agents: the platforms, their tools, and the three discovery tools.");
        w.Line(GeneratedCode.Attribute);
        using (w.Block("public static class JustOneApiMcpDiscovery"))
        {
            w.Line("/// <summary>The platforms, in snake case, as <c>xhs mcp --tools</c> names them.</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> Platforms {{ get; }} = new[] {{ {string.Join(", ", platforms.Select(p => p.Snake).Distinct().Select(Escaping.Literal))} }};");
            w.Line();
            w.Line("/// <summary>Every operation, client by client.</summary>");
            using (w.Block($"public static global::System.Collections.Generic.IReadOnlyList<{runtime}.Tools.ToolOperation> Operations {{ get; }} = Join(new[]", ");"))
            {
                foreach (var p in platforms)
                {
                    w.Line($"global::{p.Client.Namespace}.{p.Client.ClientName}McpTools.Operations,");
                }
            }
            w.Lines($$"""

                /// <summary>One tool per operation of the named platforms.</summary>
                /// <param name="platforms">Platforms in snake case.</param>
                /// <returns>The tools.</returns>
                /// <exception cref="global::System.ArgumentException">A platform is none of <see cref="Platforms"/>.</exception>
                public static {{Tools}} ToolsOf(global::System.Collections.Generic.IEnumerable<string> platforms)
                {
                    var tools = new global::System.Collections.Generic.List<{{Mcp}}.Server.McpServerTool>();
                    foreach (var platform in Check(platforms))
                    {
                        switch (platform)
                        {
                """);
            w.PushIndent();
            w.PushIndent();
            w.PushIndent();
            foreach (var p in platforms)
            {
                w.Line($"case {Escaping.Literal(p.Snake)}: tools.AddRange(global::{p.Client.Namespace}.{p.Client.ClientName}McpTools.All); break;");
            }

            w.PopIndent();
            w.PopIndent();
            w.PopIndent();
            w.Lines($$"""
                        }
                    }

                    return tools;
                }

                /// <summary>find_operations, describe_operation and call_operation over the operations of <paramref name="platforms"/> (all when null).</summary>
                /// <param name="platforms">Platforms in snake case, or null.</param>
                /// <returns>The three tools.</returns>
                /// <exception cref="global::System.ArgumentException">A platform is none of <see cref="Platforms"/>.</exception>
                public static {{Tools}} DiscoveryTools(global::System.Collections.Generic.IEnumerable<string>? platforms = null)
                {
                    var wanted = platforms is null ? null : new global::System.Collections.Generic.HashSet<string>(Check(platforms), global::System.StringComparer.Ordinal);
                    var operations = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Where(Operations, o => wanted is null || wanted.Contains(o.Platform)));
                    return new {{Mcp}}.Server.McpServerTool[] { new FindOperationsMcpTool(operations), new DescribeOperationMcpTool(operations), new CallOperationMcpTool(operations) };
                }

                /// <summary>
                /// The tools a server offers for <paramref name="choice"/>: <c>all</c> (one tool per operation),
                /// <c>discover</c> (the three discovery tools) or platforms separated by commas (their tools). Null or
                /// empty: every operation's tool up to <paramref name="cap"/> tools (the smallest cap among MCP clients),
                /// else the discovery tools, with <paramref name="notice"/> saying so.
                /// </summary>
                /// <param name="choice">all, discover, PLATFORM[,PLATFORM…], or null.</param>
                /// <param name="notice">What the default chose and why, to tell the user once; null otherwise.</param>
                /// <param name="cap">The most tools served by default.</param>
                /// <returns>The tools.</returns>
                /// <exception cref="global::System.ArgumentException">A platform is none of <see cref="Platforms"/>; the message lists them.</exception>
                public static {{Tools}} Select(string? choice, out string? notice, int cap = 40)
                {
                    notice = null;
                    switch (choice?.Trim().ToLowerInvariant())
                    {
                        case null or "":
                            if (Operations.Count <= cap)
                            {
                                return ToolsOf(Platforms);
                            }

                            notice = $"{Operations.Count} operations are more tools than many MCP clients take ({cap}): serving the three discovery tools (find_operations, describe_operation, call_operation) instead of one per operation; choose all, discover or platforms ({string.Join(", ", Platforms)}) to change it.";
                            return DiscoveryTools();
                        case "all":
                            return ToolsOf(Platforms);
                        case "discover":
                            return DiscoveryTools();
                        default:
                            return ToolsOf(global::System.Linq.Enumerable.Where(choice!.Split(','), p => p.Trim().Length > 0));
                    }
                }

                /// <summary>Calls the operation whose tool is named <paramref name="name"/>, whichever client has it; null when none has.</summary>
                internal static global::System.Threading.Tasks.ValueTask<{{Mcp}}.Protocol.CallToolResult>? Call(string name, {{Arguments}}? arguments, global::System.IServiceProvider? services, global::System.Threading.CancellationToken cancellationToken)
                    => {{string.Join("\n        ?? ", platforms.Select(p => $"global::{p.Client.Namespace}.{p.Client.ClientName}McpTools.Call(name, arguments, services, cancellationToken)"))}};

                internal static {{Mcp}}.Protocol.CallToolResult Failure(string message) => new()
                {
                    IsError = true,
                    Content = new global::System.Collections.Generic.List<{{Mcp}}.Protocol.ContentBlock> { new {{Mcp}}.Protocol.TextContentBlock { Text = message } },
                };

                internal static {{Mcp}}.Protocol.CallToolResult Result(global::System.Action<global::System.Text.Json.Utf8JsonWriter> write)
                {
                    var (structured, text) = {{runtime}}.Tools.ToolJson.Write(write);
                    return new {{Mcp}}.Protocol.CallToolResult
                    {
                        StructuredContent = structured,
                        Content = new global::System.Collections.Generic.List<{{Mcp}}.Protocol.ContentBlock> { new {{Mcp}}.Protocol.TextContentBlock { Text = text } },
                    };
                }

                private static {{runtime}}.Tools.ToolOperation[] Join(global::System.Collections.Generic.IReadOnlyList<{{runtime}}.Tools.ToolOperation>[] parts)
                {
                    var all = new global::System.Collections.Generic.List<{{runtime}}.Tools.ToolOperation>();
                    foreach (var part in parts)
                    {
                        all.AddRange(part);
                    }

                    return all.ToArray();
                }

                private static global::System.Collections.Generic.List<string> Check(global::System.Collections.Generic.IEnumerable<string> platforms)
                {
                    var list = new global::System.Collections.Generic.List<string>();
                    foreach (var platform in platforms)
                    {
                        var name = platform.Trim().ToLowerInvariant();
                        if (!global::System.Linq.Enumerable.Contains(Platforms, name))
                        {
                            throw new global::System.ArgumentException($"No platform '{platform}' is compiled in; the platforms are: {string.Join(", ", Platforms)}.", nameof(platforms));
                        }

                        list.Add(name);
                    }

                    return list;
                }
                """);
        }

        WriteTools(w);
        return w.ToString();
    }
}
