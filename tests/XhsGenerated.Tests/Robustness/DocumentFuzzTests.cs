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
        var refused = CompileAll(Enumerable.Range(0, Documents).Select(i => HostileDocuments.Draw(i) is var (label, text) ? (i, label, text) : default), ".json");

        // The mutations reach both sides: documents accepted whole and parts refused.
        Assert.InRange(refused, 50, Documents * 10);
    }

    /// <summary>
    /// The same hostile documents as YAML (converted where they are JSON, as they are where they are
    /// not), half of them then broken as YAML text (cut, a YAML control character, a line twice, an
    /// indent lost): the same contract through the YAML reader.
    /// </summary>
    [Fact]
    public void Three_hundred_mutated_yaml_documents_generate_compiling_code_or_located_diagnostics()
    {
        var cases = Enumerable.Range(0, 300).Select(i =>
        {
            var drawn = HostileDocuments.Draw(i);
            var random = new Random(i);
            var yaml = ToYaml(drawn.Text) ?? drawn.Text;
            return (i, drawn.Label + (random.Next(2) == 0 ? "" : " + yaml " + MutateYaml(ref yaml, random)), yaml);
        });

        var refused = CompileAll(cases, ".yaml");

        Assert.InRange(refused, 30, 300 * 10);
    }

    private static string? ToYaml(string json)
    {
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json);
            if (node is null)
            {
                return null;
            }

            var stream = new SharpYaml.Serialization.YamlStream(new SharpYaml.Serialization.YamlDocument(Microsoft.OpenApi.YamlReader.YamlConverter.ToYamlNode(node)));
            using var writer = new StringWriter();
            stream.Save(writer);
            return writer.ToString();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException or InsufficientExecutionStackException or NotSupportedException)
        {
            // Not JSON, or beyond the converter (a JSON null, deep nesting): the text goes in as it
            // is, which YAML also reads (JSON is YAML's flow style).
            return null;
        }
    }

    private static string MutateYaml(ref string yaml, Random random)
    {
        var lines = yaml.Split('\n').ToList();
        var at = random.Next(Math.Max(1, lines.Count));
        switch (random.Next(4))
        {
            case 0:
                yaml = yaml[..random.Next(yaml.Length + 1)];
                return "cut";
            case 1:
                var special = ":-[]{}&*!|>'\"%@`#,?\t"[random.Next(18)];
                var position = random.Next(yaml.Length + 1);
                yaml = yaml[..position] + special + yaml[position..];
                return "control character " + special;
            case 2:
                lines.Insert(at, lines[Math.Min(at, lines.Count - 1)]);
                yaml = string.Join('\n', lines);
                return "line twice";
            default:
                lines[Math.Min(at, lines.Count - 1)] = lines[Math.Min(at, lines.Count - 1)].TrimStart();
                yaml = string.Join('\n', lines);
                return "indent lost";
        }
    }

    /// <summary>Runs the documents through the generator and the compiler in batches; fails on any throw, unlocated refusal or compiler warning. Returns how many refusals there were.</summary>
    private static int CompileAll(IEnumerable<(int Index, string Label, string Text)> documents, string extension)
    {
        var refused = 0;
        foreach (var batch in documents.Chunk(Batch))
        {
            var files = batch.Select(c => (AdditionalText)new TestAdditionalFile($"/project/openapi/d{c.Index}{extension}", c.Text)).ToArray();
            var metadata = batch.ToDictionary(
                c => $"/project/openapi/d{c.Index}{extension}",
                c => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["XhsNamespace"] = $"Fuzz.D{c.Index}" });
            var (diagnostics, problems) = Compile(files, metadata);

            string Label(string text) => batch.FirstOrDefault(c => text.Contains($"d{c.Index}{extension}", StringComparison.Ordinal) || text.Contains($"Fuzz.D{c.Index}.", StringComparison.Ordinal) || text.Contains($"Fuzz.D{c.Index}'", StringComparison.Ordinal)).Label ?? "?";
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

        return refused;
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
