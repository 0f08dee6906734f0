namespace XhsGenerated.Generator.Model;

/// <summary>What the parse step learnt from one additional file.</summary>
/// <param name="Document">The document's operations and servers, or null when the file is not an OpenAPI document.</param>
/// <param name="Diagnostics">Problems found in the file, each with a location inside it.</param>
internal sealed record ParseResult(DocumentModel? Document, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The operations and servers of one OpenAPI document, before they are grouped into clients.</summary>
/// <param name="Path">The file's path, to join the file's MSBuild metadata.</param>
internal sealed record DocumentModel(string Path, EquatableArray<ServerModel> Servers, EquatableArray<DocumentOperation> Operations);

/// <summary>An operation with what grouping needs: the client its first tag names and where it sits in the file.</summary>
internal sealed record DocumentOperation(string TagClientName, OperationModel Operation, FileLocation Location);

/// <summary>The MSBuild settings of one additional file (<c>XhsNamespace</c>, <c>XhsClientName</c>).</summary>
internal sealed record FileSettings(string Path, string? Namespace, string? ClientName);
