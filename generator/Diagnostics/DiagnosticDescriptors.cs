using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace XhsGenerated.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are stable: never renumber one.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "XhsGenerated";

    public static readonly DiagnosticDescriptor InvalidJson = new(
        "XHS0001",
        "OpenAPI document is not valid JSON or YAML",
        "'{0}' cannot be read: {1}. Fix the document at this position, or remove the file from AdditionalFiles.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotOpenApi = new(
        "XHS0002",
        "Document cannot be read as OpenAPI",
        "'{0}' declares OpenAPI but cannot be read as an OpenAPI 2.0, 3.0 or 3.1 document: {1}. Replace it with the vendor's original document.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingOperationId = new(
        "XHS0003",
        "Operation has no operationId",
        "{0} {1} has no 'operationId', so it has no method name; it was skipped. Add an 'operationId' to the operation.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedFeature = new(
        "XHS0004",
        "Operation uses an unsupported feature",
        "Operation '{0}' was skipped: {1} is not supported. The other operations were generated.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateMethodName = new(
        "XHS0005",
        "Two operations map to one name",
        "Operation '{0}' maps to the name '{1}' ({1}Async, {1}Response) in namespace '{2}', which operation {3} already uses; it was skipped. Rename one 'operationId', or give one document its own XhsNamespace.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor IdentifierChanged = new(
        "XHS0006",
        "Name changed",
        "'{0}' was generated as '{1}' ({2})",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InferredFromExample = new(
        "XHS0007",
        "Response type inferred from the example",
        "'{0}' has no response schema: '{1}' and its models were inferred from the response example",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OpenApiProblem = new(
        "XHS0008",
        "OpenAPI document has a problem",
        "OpenAPI reader: {0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        "XHS0009",
        "Document could not be processed",
        "'{0}' could not be processed ({1}); no code was generated for it. Please report this with the document attached.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateTypeName = new(
        "XHS0010",
        "A generated type name is taken",
        "Operation '{0}' would declare the type '{1}' in namespace '{2}', which {3} already declares; it was skipped. Rename the 'operationId', the tag or the response member, or give one document its own XhsNamespace.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ExampleDrifted = new(
        "XHS0011",
        "The example changed from the samples",
        "Operation '{0}': '{1}' changed: {2}. Types follow the example and every sample in samples/{0}/, so code written against them keeps compiling; add a sample of today's answer to keep its shape (xhs freeze).",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnreadableSample = new(
        "XHS0012",
        "A sample could not be read",
        "The sample '{0}' of operation '{1}' is not JSON ({2}); it was skipped",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = new(
        "XHS0013",
        "The generated client needs C# 11 or later",
        "The client generated from the OpenAPI documents needs C# 11 or later (it reads JSON with UTF-8 string literals), and this project compiles C# {0}, so no client was generated. Set <LangVersion>11</LangVersion> or later in the project file, or remove <LangVersion> (.NET 7 and later default to C# 11 or newer).",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoOperations = new(
        "XHS0014",
        "The document makes no operation",
        "The OpenAPI document '{0}' makes no client method: {1}. Check that it is the document you meant to vendor, or remove it from openapi/.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor FilterMatchesNothing = new(
        "XHS0015",
        "An operation filter matches nothing",
        "{0} '{1}' matches no {3} of '{2}', so it chooses nothing. Check its spelling against the document ('*' matches any run of characters, '?' one), or remove it.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LargeDocumentInProject = new(
        "XHS0016",
        "A large document is compiled on every build",
        "'{0}' makes {1} client methods in this project, and every rebuild compiles them again. Set <XhsSeparateAssembly>true</XhsSeparateAssembly> to compile them once into an assembly of their own, or keep only the operations you use with XhsInclude (docs/document-updates.md, \"A large catalog\").",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new()
    {
        [InvalidJson.Id] = InvalidJson,
        [NotOpenApi.Id] = NotOpenApi,
        [MissingOperationId.Id] = MissingOperationId,
        [UnsupportedFeature.Id] = UnsupportedFeature,
        [DuplicateMethodName.Id] = DuplicateMethodName,
        [IdentifierChanged.Id] = IdentifierChanged,
        [InferredFromExample.Id] = InferredFromExample,
        [OpenApiProblem.Id] = OpenApiProblem,
        [GeneratorFailure.Id] = GeneratorFailure,
        [DuplicateTypeName.Id] = DuplicateTypeName,
        [ExampleDrifted.Id] = ExampleDrifted,
        [UnreadableSample.Id] = UnreadableSample,
        [LanguageVersionTooLow.Id] = LanguageVersionTooLow,
        [NoOperations.Id] = NoOperations,
        [FilterMatchesNothing.Id] = FilterMatchesNothing,
        [LargeDocumentInProject.Id] = LargeDocumentInProject,
    };

    public static DiagnosticDescriptor Get(string id) => ById[id];
}
