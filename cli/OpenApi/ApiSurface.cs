#if XHS_DOCUMENT_DIFF
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using XhsGenerated.Generator;

namespace Xhs.Cli.OpenApi;

/// <summary>A public type the generator emits, with its public members, as a user's code sees them.</summary>
/// <param name="Name">The type's name (nested types as <c>Outer.Inner</c>).</param>
/// <param name="Kind"><c>client</c>, <c>enum</c> (an extensible enum struct) or <c>model</c>.</param>
/// <param name="Members">Its members by key: methods by name, properties by name, enum values by name.</param>
internal sealed record SurfaceType(string Name, string Kind, IReadOnlyDictionary<string, SurfaceMember> Members);

/// <summary>A public member: a method with its parameters, a property with its type, or an enum value with its wire value.</summary>
/// <param name="KeptBySamples">A property only kept samples hold: the document's example no longer has it.</param>
internal sealed record SurfaceMember(string Name, string Kind, string Type, IReadOnlyList<SurfaceParameter> Parameters, bool KeptBySamples = false);

/// <summary>A method parameter: name, type as written, and its default (null: required).</summary>
internal sealed record SurfaceParameter(string Name, string Type, string? Default);

/// <summary>
/// What the generator makes of a set of documents and samples, reduced to the public surface a user's
/// code compiles against. The generator runs exactly as in a build (the same assembly, as a source
/// generator in a compilation); its errors are kept, so a document it refuses is refused here too.
/// </summary>
internal sealed class ApiSurface
{
    private ApiSurface(IReadOnlyDictionary<string, SurfaceType> types, IReadOnlyList<Diagnostic> diagnostics)
    {
        Types = types;
        Diagnostics = diagnostics;
    }

    /// <summary>The public types, by name.</summary>
    public IReadOnlyDictionary<string, SurfaceType> Types { get; }

    /// <summary>What the generator reported.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The generator's errors, one line each, with their place in the document.</summary>
    public IEnumerable<string> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe);

    /// <summary>Whether the generator makes no operation of the document at <paramref name="path"/> (its warning XHS0014).</summary>
    public bool MakesNoOperation(string path)
        => Diagnostics.Any(d => d.Id == "XHS0014" && string.Equals(d.Location.GetLineSpan().Path, path, StringComparison.Ordinal));

    /// <summary>
    /// Runs the generator on documents (path and text) and samples (path under <c>samples/{operationId}/</c>
    /// and text), with each document's operation filter as the project gives it.
    /// </summary>
    public static ApiSurface Of(IEnumerable<(string Path, string Text)> files, ProjectFilters filters, CancellationToken cancellationToken = default)
    {
        var additional = files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var driver = CSharpGeneratorDriver.Create(new[] { new OpenApiClientGenerator().AsSourceGenerator() }, additional, parseOptions, new FileMetadata(filters));
        var compilation = CSharpCompilation.Create("XhsSurface", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = driver.RunGenerators(compilation, cancellationToken).GetRunResult();
        var types = new SortedDictionary<string, SurfaceType>(StringComparer.Ordinal);
        foreach (var tree in result.GeneratedTrees)
        {
            foreach (var type in tree.GetRoot(cancellationToken).DescendantNodes().OfType<TypeDeclarationSyntax>().Where(IsPublic))
            {
                var name = string.Join(".", type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.Text));
                var members = Members(type);
                types[name] = types.TryGetValue(name, out var partial)
                    ? partial with { Kind = partial.Kind == "client" || IsClient(type) ? "client" : partial.Kind, Members = Merge(partial.Members, members) }
                    : new SurfaceType(name, IsEnum(type) ? "enum" : IsClient(type) ? "client" : type.Modifiers.Any(SyntaxKind.StaticKeyword) ? "class" : "model", members);
            }
        }

        return new ApiSurface(types, result.Diagnostics);
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = span.IsValid && !string.IsNullOrEmpty(span.Path) ? $" ({Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1})" : "";
        return $"{diagnostic.Id}{where}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static bool IsPublic(MemberDeclarationSyntax member) => member.Modifiers.Any(SyntaxKind.PublicKeyword);

    private static bool IsEnum(TypeDeclarationSyntax type)
        => type is StructDeclarationSyntax && type.Members.OfType<ConversionOperatorDeclarationSyntax>().Any(c => c.ParameterList.Parameters.Count == 1);

    private static bool IsClient(TypeDeclarationSyntax type)
        => type.Identifier.Text.EndsWith("Client", StringComparison.Ordinal) && type.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.Text.EndsWith("Async", StringComparison.Ordinal));

    private static IReadOnlyDictionary<string, SurfaceMember> Merge(IReadOnlyDictionary<string, SurfaceMember> left, IReadOnlyDictionary<string, SurfaceMember> right)
    {
        var merged = new SortedDictionary<string, SurfaceMember>(StringComparer.Ordinal);
        foreach (var (key, value) in left.Concat(right))
        {
            merged[merged.ContainsKey(key) ? key + "#" + merged.Count : key] = value;
        }

        return merged;
    }

    private static IReadOnlyDictionary<string, SurfaceMember> Members(TypeDeclarationSyntax type)
    {
        var members = new SortedDictionary<string, SurfaceMember>(StringComparer.Ordinal);
        void Add(SurfaceMember member)
        {
            var key = member.Name;
            for (var n = 2; members.ContainsKey(key); n++)
            {
                key = member.Name + "#" + n;
            }

            members[key] = member;
        }

        // A response with untyped data inherits Data and WriteTo from the runtime's JustOneApiRawResponse:
        // they are its surface all the same (data typed later is a change of Data's type, not an addition).
        if (type.BaseList?.Types.Any(t => t.Type.ToString().EndsWith("JustOneApiRawResponse", StringComparison.Ordinal)) == true)
        {
            Add(new SurfaceMember("Data", "property", "JsonElement?", Array.Empty<SurfaceParameter>()));
            Add(new SurfaceMember("WriteTo", "method", "void", new[] { new SurfaceParameter("writer", "Utf8JsonWriter", null) }));
        }

        foreach (var member in type.Members.Where(IsPublic))
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    Add(new SurfaceMember(method.Identifier.Text, "method", Normalize(method.ReturnType), method.ParameterList.Parameters
                        .Select(p => new SurfaceParameter(p.Identifier.Text, p.Type is null ? "" : Normalize(p.Type), p.Default?.Value.ToString()))
                        .ToArray()));
                    break;
                case PropertyDeclarationSyntax property when property.Modifiers.Any(SyntaxKind.StaticKeyword) && Normalize(property.Type) == type.Identifier.Text:
                    var wire = property.Initializer?.Value is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: [var argument] } ? argument.Expression.ToString() : "";
                    Add(new SurfaceMember(property.Identifier.Text, "value", wire, Array.Empty<SurfaceParameter>()));
                    break;
                case PropertyDeclarationSyntax property:
                    // The generator's remark on a member only samples hold (ModelEmitter.KeptBySamplesRemark).
                    var kept = property.GetLeadingTrivia().ToFullString().Contains("<remarks>Kept by samples:", StringComparison.Ordinal);
                    Add(new SurfaceMember(property.Identifier.Text, "property", Normalize(property.Type), Array.Empty<SurfaceParameter>(), kept));
                    break;
            }
        }

        return members;
    }

    /// <summary>A type as a user reads it: without <c>global::</c> and the namespaces of the BCL.</summary>
    private static string Normalize(TypeSyntax type)
    {
        var text = type.ToString().Replace("global::", "", StringComparison.Ordinal);
        foreach (var ns in new[] { "System.Collections.Generic.", "System.Threading.Tasks.", "System.Threading.", "System.Text.Json.", "System." })
        {
            text = text.Replace(ns, "", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Each file's filter metadata, as MSBuild hands it to the generator.</summary>
    private sealed class FileMetadata(ProjectFilters filters) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            => new Values(filters.For(textFile.Path).ToDictionary(m => "build_metadata.AdditionalFiles." + m.Key, m => m.Value, StringComparer.Ordinal));

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
#endif
