using System;

namespace XhsGenerated;

/// <summary>A server an OpenAPI document lists, such as <c>prod-global</c> or <c>prod-cn</c>.</summary>
/// <param name="Name">The server's name (the document's description), e.g. <c>prod-global</c>.</param>
/// <param name="BaseAddress">The whole base address: scheme, host, port and any path prefix.</param>
/// <param name="Description">The document's description of the server, when it has one.</param>
public sealed record JustOneApiServer(string Name, Uri BaseAddress, string? Description = null);
