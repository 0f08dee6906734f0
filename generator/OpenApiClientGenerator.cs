using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Emit;
using XhsGenerated.Generator.Model;
using XhsGenerated.Generator.Parsing;

namespace XhsGenerated.Generator;

/// <summary>
/// Generates typed Just One API clients from the OpenAPI documents in <c>AdditionalFiles</c>.
/// Parse (one document at a time) → Model (group operations into clients) → Emit (one file per
/// client and one per operation).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    /// <summary>
    /// The <c>AdditionalFiles</c> metadata that choose a document's operations (<c>XhsInclude</c>,
    /// <c>XhsExclude</c>, <c>XhsIncludeTags</c>, <c>XhsExcludeTags</c>, <c>XhsIncludeOperations</c>,
    /// <c>XhsExcludeOperations</c>), for tools that run the generator as a build does.
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<string> FilterMetadata => OperationFilter.MetadataNames;

    /// <summary>
    /// The <c>AdditionalFiles</c> metadata (and project property) that merges the models a client's
    /// operations share (<c>XhsShareModels</c>), for tools that run the generator as a build does.
    /// </summary>
    public static string ShareModelsMetadata => ModelSharing.MetadataName;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every value below is a reference type (records, tuples of two of them): the compiler's
        // nodes then share one JIT-compiled copy (see SampleSet).

        // Samples: samples/{operationId}/*.json beside the documents, more examples of one operation each.
        var samples = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && Samples.OperationIdOf(file.Path) is not null)
            .Select(static (file, ct) => new SampleFile(Samples.OperationIdOf(file.Path)!, file.Path, file.GetText(ct)?.ToString() ?? ""))
            .Collect()
            .Select(static (all, _) => new SampleSet(all.OrderBy(s => s.Path, StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(TrackingNames.Samples);

        // Whether the compilation references the assembly the package's targets compiled the
        // documents marked XhsSeparateAssembly into: those are then left out here (see SeparateAssembly).
        var separateAssembly = context.CompilationProvider
            .Select(static (compilation, _) => SeparateAssembly.Of(compilation))
            .WithTrackingName(TrackingNames.SeparateAssembly);

        // Settings: per-file MSBuild metadata (namespace, client name, which operations to keep),
        // reduced to a small record beside its file at once (per-file metadata is only reachable
        // through the options provider).
        var files = context.AdditionalTextsProvider
            .Where(static file => (file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || YamlDocuments.IsYaml(file.Path)) && Samples.OperationIdOf(file.Path) is null)
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => new SettledFile(pair.Left, ReadSettings(pair.Left, pair.Right)))
            .Combine(separateAssembly)
            .Where(static pair => !(pair.Left.Settings.Separate && pair.Right.Referenced))
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.Files);
        var settings = files
            .Select(static (file, _) => file.Settings)
            .WithTrackingName(TrackingNames.FileSettings);

        // Parse: each document (JSON or YAML) on its own, from its text, its filter and the samples;
        // operations the filter leaves out are not read at all.
        var parsed = files
            .Combine(samples)
            .Select(static (pair, ct) => DocumentParser.Parse(pair.Left.File.Path, pair.Left.File.GetText(ct), pair.Right.Files, pair.Left.Settings.Filter, !pair.Left.Settings.Separate, ct))
            .WithTrackingName(TrackingNames.Documents);
        var projectNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) ? ns : null)
            .WithTrackingName(TrackingNames.ProjectNamespace);

        // Model: group the operations of every document into clients.
        var documents = parsed
            .Select(static (result, _) => result.Document)
            .Where(static document => document is not null)
            .Collect()
            .Select(static (all, _) => new DocumentSet(all.Select(static document => document!).ToEquatableArray()));
        var allSettings = settings
            .Collect()
            .Select(static (all, _) => new SettingsSet(all.ToEquatableArray()));
        var clientSet = documents
            .Combine(allSettings)
            .Select(static (pair, _) => new GroupingInput(pair.Left, pair.Right))
            .Combine(projectNamespace)
            .Select(static (input, _) => ClientGrouping.Build(input.Left.Documents.Documents, input.Left.Settings.Files, input.Right))
            .WithTrackingName(TrackingNames.ClientSet);
        var clients = clientSet
            .SelectMany(static (set, _) => set.Clients)
            .WithTrackingName(TrackingNames.Clients);
        var sharedModels = clients
            .Select(static (client, _) => SharedModelEmitter.Of(client))
            .Where(static shared => !shared.Models.IsEmpty)
            .WithTrackingName(TrackingNames.SharedModels);
        var operations = clients
            .SelectMany(static (client, _) => client.Operations.Select(operation => (Client: client with { Operations = EquatableArray<OperationModel>.Empty }, Operation: operation)))
            .WithTrackingName(TrackingNames.Operations);

        // MCP: whether the compilation references the MCP C# SDK, reduced to a small record at once.
        var mcp = context.CompilationProvider
            .Select(static (compilation, _) => McpSupport.Detect(compilation))
            .WithTrackingName(TrackingNames.McpSupport);

        // Language: the generated code needs C# 11; below that, one diagnostic and no code.
        var language = context.ParseOptionsProvider
            .Select(static (options, _) => LanguageSupport.Of(options))
            .WithTrackingName(TrackingNames.LanguageSupport);

        // Emit: diagnostics, then one file per client, one for the models its operations share, one per operation, and MCP tools when the SDK is there.
        context.RegisterSourceOutput(parsed, static (spc, result) => Report(spc, result.Diagnostics));
        context.RegisterSourceOutput(clientSet.Combine(language), static (spc, pair) => Report(spc, pair.Left, pair.Right));
        context.RegisterSourceOutput(clients.Combine(language).Where(static pair => pair.Right.Supported), static (spc, pair) => spc.AddSource(ClientEmitter.HintName(pair.Left), ClientEmitter.Emit(pair.Left)));
        context.RegisterSourceOutput(sharedModels.Combine(language).Where(static pair => pair.Right.Supported), static (spc, pair) => spc.AddSource(SharedModelEmitter.HintName(pair.Left), SharedModelEmitter.Emit(pair.Left)));
        context.RegisterSourceOutput(operations.Combine(language).Where(static pair => pair.Right.Supported), static (spc, pair) => spc.AddSource(OperationEmitter.HintName(pair.Left.Client, pair.Left.Operation), OperationEmitter.Emit(pair.Left.Client, pair.Left.Operation)));
        context.RegisterSourceOutput(clientSet.Combine(mcp).Combine(language), static (spc, pair) => McpToolEmitter.EmitAll(spc, pair.Left.Left, pair.Right.Supported ? pair.Left.Right : McpSupport.None));
    }

    private static FileSettings ReadSettings(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        var options = provider.GetOptions(file);
        options.TryGetValue("build_metadata.AdditionalFiles.XhsNamespace", out var ns);
        options.TryGetValue("build_metadata.AdditionalFiles.XhsClientName", out var client);
        options.TryGetValue("build_metadata.AdditionalFiles." + SeparateAssembly.MetadataName, out var separate);
        options.TryGetValue("build_metadata.AdditionalFiles." + ModelSharing.MetadataName, out var share);
        var filter = OperationFilter.From(OperationFilter.MetadataNames.Select(name => options.TryGetValue("build_metadata.AdditionalFiles." + name, out var value) ? value : null).ToArray());
        return new FileSettings(file.Path, string.IsNullOrWhiteSpace(ns) ? null : ns, string.IsNullOrWhiteSpace(client) ? null : client, filter, SeparateAssembly.IsRequested(separate), SeparateAssembly.IsRequested(share));
    }

    /// <summary>The grouping's diagnostics, and once, when there is a client to generate, why the language version keeps it out.</summary>
    private static void Report(SourceProductionContext context, ClientSet set, LanguageSupport language)
    {
        Report(context, set.Diagnostics);
        if (!language.Supported && !set.Clients.IsEmpty)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooLow, Location.None, language.Version));
        }
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var info in diagnostics)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.Get(info.Id),
                info.Location?.ToLocation() ?? Location.None,
                info.Arguments.Cast<object>().ToArray()));
        }
    }
}
