using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Robustness;

/// <summary>
/// Every accepted document generates code that compiles with no warning, documentation checked as
/// <c>GenerateDocumentationFile</c> does; every refused part is an XHS diagnostic with a location;
/// the generator never throws and never reports XHS0009.
/// </summary>
public sealed class DocumentFuzzTests
{
    private const int Documents = 1_000;
    private const int Batch = 50;

    [Fact]
    public void A_thousand_mutated_documents_generate_compiling_code_or_located_diagnostics()
    {
        var refused = 0;
        for (var start = 0; start < Documents; start += Batch)
        {
            var cases = Enumerable.Range(start, Math.Min(Batch, Documents - start))
                .Select(i => (Index: i, Doc: HostileDocuments.Draw(i)))
                .ToList();
            var files = cases.Select(c => (AdditionalText)new TestAdditionalFile($"/project/openapi/d{c.Index}.json", c.Doc.Text)).ToArray();
            var metadata = cases.ToDictionary(
                c => $"/project/openapi/d{c.Index}.json",
                c => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["XhsNamespace"] = $"Fuzz.D{c.Index}" });
            var (diagnostics, problems) = Compile(files, metadata);

            string Label(string text) => cases.FirstOrDefault(c => text.Contains($"d{c.Index}.json", StringComparison.Ordinal) || text.Contains($"Fuzz.D{c.Index}.", StringComparison.Ordinal) || text.Contains($"Fuzz.D{c.Index}'", StringComparison.Ordinal)).Doc.Label ?? "?";
            foreach (var diagnostic in diagnostics)
            {
                var text = diagnostic.ToString();
                Assert.False(diagnostic.Id is "XHS0009" or "CS8785" or "CS8784", $"[{Label(text)}] {text}");
                Assert.True(diagnostic.Id.StartsWith("XHS", StringComparison.Ordinal), $"[{Label(text)}] {text}");
                if (diagnostic.Severity >= DiagnosticSeverity.Warning)
                {
                    Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile, $"[{Label(text)}] no location: {text}");
                    refused++;
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5).Select(p => $"[{Label(p.Location.SourceTree?.FilePath ?? "")}] {p}")));
        }

        // The mutations reach both sides: documents accepted whole and parts refused.
        Assert.InRange(refused, 50, Documents * 10);
    }

    [Fact]
    public void A_ten_thousand_member_example_generates_compiling_code()
    {
        var (generator, problems, output) = CompileOne(HostileDocuments.WideExample(10_000));

        Assert.DoesNotContain(generator, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(problems);
        Assert.Contains(output, s => s.Contains("public long? M9997 { get; init; }", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recursive_schema_is_one_type_and_the_output_grows_linearly()
    {
        var sizes = new List<int>();
        foreach (var width in new[] { 2, 4, 8, 16 })
        {
            var text = HostileDocuments.RecursiveFan(width);
            var (_, problems, output) = CompileOne(text);
            Assert.Empty(problems);
            var fan = Assert.Single(output, s => s.Contains("public sealed partial class SearchUserV2Data", StringComparison.Ordinal));
            Assert.Equal(width, CountOf(fan, "public SearchUserV2Data? Fan"));
            sizes.Add(output.Sum(s => s.Length));
        }

        // Each doubling of the self-references adds about the same: linear, not factorial.
        var steps = sizes.Zip(sizes.Skip(1), (a, b) => b - a).ToList();
        Assert.True(steps[2] < steps[1] * 2.5 && steps[1] < steps[0] * 2.5, string.Join(", ", sizes));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static (List<Diagnostic> Generator, List<Diagnostic> Compiler, string[] Sources) CompileOne(string text)
    {
        var files = new AdditionalText[] { new TestAdditionalFile("/project/openapi/one.json", text) };
        var driver = GeneratorHarness.NewDriver(files, parseOptions: ParseOptions);
        var compilation = GeneratorHarness.NewCompilation(ParseOptions, "namespace Demo { internal static class Marker { } }");
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var sources = output.SyntaxTrees.Select(t => t.ToString()).ToArray();
        return (generatorDiagnostics.ToList(), output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList(), sources);
    }

    private static (List<Diagnostic> Generator, List<Diagnostic> Compiler) Compile(AdditionalText[] files, Dictionary<string, IReadOnlyDictionary<string, string>> metadata)
    {
        var driver = GeneratorHarness.NewDriver(files, metadata, parseOptions: ParseOptions);
        var compilation = GeneratorHarness.NewCompilation(ParseOptions, "namespace Demo { internal static class Marker { } }");
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return (generatorDiagnostics.ToList(), output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList());
    }

    /// <summary>As a project with <c>GenerateDocumentationFile</c>: XML doc comments are parsed and checked.</summary>
    private static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);
}
