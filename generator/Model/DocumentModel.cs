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

/// <summary>The MSBuild settings of one additional file (<c>XhsNamespace</c>, <c>XhsClientName</c>, the operations it keeps, and <c>XhsSeparateAssembly</c>).</summary>
internal sealed record FileSettings(string Path, string? Namespace, string? ClientName, OperationFilter Filter, bool Separate = false, bool ShareModels = false);

/// <summary>
/// Pipeline values are reference types, each list wrapped in a record: the compiler's incremental
/// nodes then run on code shared by every reference type, where each struct value (a tuple, an
/// <see cref="EquatableArray{T}"/>) would have its own copy of the nodes JIT-compiled on every cold
/// build (see docs/benchmarks.md, "Generator, cold").
/// </summary>
/// <param name="Files">The samples, by path.</param>
internal sealed record SampleSet(EquatableArray<SampleFile> Files);

/// <summary>The documents that parsed.</summary>
/// <param name="Documents">Their models.</param>
internal sealed record DocumentSet(EquatableArray<DocumentModel> Documents);

/// <summary>Every file's MSBuild metadata.</summary>
/// <param name="Files">The settings, one per file.</param>
internal sealed record SettingsSet(EquatableArray<FileSettings> Files);

/// <summary>
/// A document's file beside its settings, the first step of the pipeline. The file is compared by
/// reference (the compiler gives the same object while the file is unchanged); it never leaves the
/// parse step.
/// </summary>
internal sealed record SettledFile(Microsoft.CodeAnalysis.AdditionalText File, FileSettings Settings);

/// <summary>The documents with their settings: what the clients are grouped from, with the project's namespace.</summary>
/// <param name="Documents">The documents that parsed.</param>
/// <param name="Settings">Each file's MSBuild metadata.</param>
internal sealed record GroupingInput(DocumentSet Documents, SettingsSet Settings);
