using Microsoft.CodeAnalysis;

namespace XhsGenerated.Generator.Model;

/// <summary>What the compilation has of the MCP C# SDK: its tool type, and its server builder (hosting).</summary>
internal sealed record McpSupport(bool Tools, bool Builder)
{
    public static readonly McpSupport None = new(false, false);

    public static McpSupport Detect(Compilation compilation)
    {
        var tools = compilation.GetTypeByMetadataName("ModelContextProtocol.Server.McpServerTool") is not null
            && compilation.GetTypeByMetadataName("ModelContextProtocol.Protocol.CallToolResult") is not null;
        return tools ? new McpSupport(true, compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IMcpServerBuilder") is not null) : None;
    }
}
