using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// <c>XhsSeparateAssembly</c>, as the generator sees it: a document so marked is generated into the
/// assembly the package's targets compile for it (<c>{AssemblyName}.XhsClients</c>), and left out of a
/// compilation that references that assembly; without the reference (a design-time build before the
/// targets ran, a project without them) it is generated as usual. The build itself is in
/// <c>Packaging/SeparateAssemblyTests</c>.
/// </summary>
public sealed class SeparateAssemblyTests
{
    private const string Path = "/project/openapi/user-search-v2-en.json";
    private const string UserCode = """
        namespace Demo;
        public static class UserCode
        {
            public static string Where() => typeof(XiaohongshuClient).Assembly.GetName().Name!;
        }
        """;

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Marked = new()
    {
        [Path] = new Dictionary<string, string> { ["XhsSeparateAssembly"] = "true" },
    };

    private static AdditionalText Document => new TestAdditionalFile(Path, GeneratorHarness.VendoredDocument);

    [Fact]
    public void A_marked_document_is_generated_once_in_the_clients_assembly_and_left_out_of_the_project_that_references_it()
    {
        var clients = CompileClients();

        var project = GeneratorHarness.NewCompilation(UserCode).AddReferences(clients);
        GeneratorHarness.NewDriver([Document], Marked).RunGeneratorsAndUpdateCompilation(project, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(project.SyntaxTrees.Count(), output.SyntaxTrees.Count());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var where = output.GetTypeByMetadataName("Demo.XiaohongshuClient")!;
        Assert.Equal("Consumer.XhsClients", where.ContainingAssembly.Name);
    }

    [Fact]
    public void Without_the_reference_or_without_the_mark_the_document_is_generated_in_the_project()
    {
        // Marked, but the clients assembly is not (yet) referenced: generated here, so the types exist.
        var alone = GeneratorHarness.NewCompilation(UserCode);
        GeneratorHarness.NewDriver([Document], Marked).RunGeneratorsAndUpdateCompilation(alone, out var output, out _);
        Assert.True(output.SyntaxTrees.Count() > alone.SyntaxTrees.Count());
        Assert.Equal("Consumer", output.GetTypeByMetadataName("Demo.XiaohongshuClient")!.ContainingAssembly.Name);

        // An assembly of another project's clients does not count: only this project's name does.
        var other = GeneratorHarness.NewCompilation(UserCode).AddReferences(CompileClients("Other.XhsClients"));
        GeneratorHarness.NewDriver([Document], Marked).RunGeneratorsAndUpdateCompilation(other, out output, out _);
        Assert.True(output.SyntaxTrees.Count() > other.SyntaxTrees.Count());

        // Not marked: generated here whatever the references ("false" and a stray value are no).
        foreach (var value in new[] { "false", "yes", "" })
        {
            var unmarked = new Dictionary<string, IReadOnlyDictionary<string, string>> { [Path] = new Dictionary<string, string> { ["XhsSeparateAssembly"] = value } };
            var result = GeneratorHarness.Run([Document], unmarked);
            Assert.NotEmpty(result.GeneratedSources);
        }
    }

    [Fact]
    public void Referencing_the_clients_assembly_later_drops_the_documents_output_and_nothing_else_reruns()
    {
        var compilation = GeneratorHarness.NewCompilation(UserCode);
        var driver = GeneratorHarness.NewDriver([Document], Marked).RunGenerators(compilation);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);

        var after = driver.RunGenerators(compilation.AddReferences(CompileClients())).GetRunResult();
        Assert.Empty(after.GeneratedTrees);
    }

    [Fact]
    public void A_large_document_compiled_in_the_project_says_once_how_to_stop_compiling_it_on_every_build()
    {
        const string catalogPath = "/project/openapi/catalog.json";
        var catalog = new TestAdditionalFile(catalogPath, CatalogDocument.Build(platforms: 12, operationsPerPlatform: 10));
        GeneratorRunResult Run(params (string Name, string Value)[] metadata)
            => GeneratorHarness.Run([catalog], new Dictionary<string, IReadOnlyDictionary<string, string>> { [catalogPath] = metadata.ToDictionary(m => m.Name, m => m.Value) });

        var hint = Assert.Single(Run().Diagnostics, d => d.Id == "XHS0016");
        Assert.Equal(DiagnosticSeverity.Info, hint.Severity);
        Assert.Equal(catalogPath, hint.Location.GetLineSpan().Path);
        Assert.Contains("'catalog.json' makes 120 client methods", hint.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("<XhsSeparateAssembly>true</XhsSeparateAssembly>", hint.GetMessage(), StringComparison.Ordinal);

        // Marked, or filtered below the threshold, or small: no hint.
        Assert.DoesNotContain(Run(("XhsSeparateAssembly", "true")).Diagnostics, d => d.Id == "XHS0016");
        Assert.DoesNotContain(Run(("XhsInclude", "/api/xiaohongshu/*")).Diagnostics, d => d.Id == "XHS0016");
        Assert.DoesNotContain(GeneratorHarness.Run(Document).Diagnostics, d => d.Id == "XHS0016");
    }

    /// <summary>What the targets compile: the marked document alone, in an assembly named for the project.</summary>
    private static MetadataReference CompileClients(string name = "Consumer.XhsClients")
    {
        var compilation = GeneratorHarness.NewCompilation().WithAssemblyName(name);
        GeneratorHarness.NewDriver([Document], Marked).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
