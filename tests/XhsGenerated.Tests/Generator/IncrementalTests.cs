using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XhsGenerated.Generator;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>What re-runs when the project or the document changes.</summary>
public sealed class IncrementalTests
{
    private static readonly TestAdditionalFile Vendored = new(GeneratorHarness.DefaultPath, GeneratorHarness.VendoredDocument);

    [Fact]
    public void An_unrelated_csharp_edit_reruns_no_step()
    {
        var compilation = GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }");
        var driver = GeneratorHarness.NewDriver(new[] { Vendored }).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo { internal static class Other { } }", new CSharpParseOptions(LanguageVersion.Latest)));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        GeneratorHarness.AssertAllCached(result);
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_whitespace_only_edit_of_the_document_reparses_but_changes_no_model()
    {
        var compilation = GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }");
        var driver = GeneratorHarness.NewDriver(new[] { Vendored }).RunGenerators(compilation);

        var reformatted = new TestAdditionalFile(GeneratorHarness.DefaultPath, "\n\n" + GeneratorHarness.VendoredDocument.Replace("\n", "\n  "));
        var result = driver.ReplaceAdditionalText(Vendored, reformatted).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, GeneratorHarness.Reasons(result, TrackingNames.Documents));
        Assert.All(GeneratorHarness.Reasons(result, TrackingNames.Clients), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(GeneratorHarness.Reasons(result, TrackingNames.Operations), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Adding_a_field_to_the_example_and_an_optional_parameter_changes_the_client()
    {
        var compilation = GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }");
        var driver = GeneratorHarness.NewDriver(new[] { Vendored }).RunGenerators(compilation);

        var changed = new TestAdditionalFile(GeneratorHarness.DefaultPath, Documents.EditVendored(document =>
        {
            foreach (var user in Documents.Example(document)["data"]!["users"]!.AsArray())
            {
                user!["fans_count"] = 1234;
            }

            Documents.Operation(document)["parameters"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "name": "sort_type", "in": "query", "required": false, "description": "Sort order.", "schema": { "type": "string" } }"""));
        }));
        driver = driver.ReplaceAdditionalText(Vendored, changed).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, GeneratorHarness.Reasons(result, TrackingNames.Operations));
        var source = result.GeneratedSources.Single(s => s.HintName.EndsWith("SearchUserV2.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public long? FansCount { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("SearchUserV2Async(string keyword, int? page = null, string? sortType = null,", source, StringComparison.Ordinal);
        Assert.Contains("request.AddQuery(\"sort_type\", sortType);", source, StringComparison.Ordinal);

        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Namespace_and_client_name_come_from_file_metadata()
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [GeneratorHarness.DefaultPath] = new Dictionary<string, string> { ["XhsNamespace"] = "My.Api", ["XhsClientName"] = "RedNoteClient" },
        };
        var result = GeneratorHarness.Run(new[] { Vendored }, metadata);

        Assert.Equal(new[] { "My.Api.RedNoteClient.SearchUserV2.g.cs", "My.Api.RedNoteClient.g.cs" }, result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_a_root_namespace_a_fallback_namespace_is_used()
    {
        var result = GeneratorHarness.Run(new[] { Vendored }, null, rootNamespace: null);

        Assert.Contains(result.GeneratedSources, s => s.HintName == "XhsGenerated.Clients.XiaohongshuClient.g.cs");
    }
}
