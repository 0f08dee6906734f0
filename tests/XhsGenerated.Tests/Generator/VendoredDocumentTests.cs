using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

public sealed class VendoredDocumentTests
{
    [Fact]
    public void Generates_the_client_and_models_of_the_vendored_document()
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile(GeneratorHarness.DefaultPath, GeneratorHarness.VendoredDocument));

        Assert.Equal(
            new[] { "Demo.XiaohongshuClient.SearchUserV2.g.cs", "Demo.XiaohongshuClient.g.cs" },
            result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
        Snapshot.VerifyGenerated(result);
    }

    [Fact]
    public void Generated_code_compiles_without_warnings()
    {
        var file = new TestAdditionalFile(GeneratorHarness.DefaultPath, GeneratorHarness.VendoredDocument);

        var output = GeneratorHarness.RunAndCompile(file);

        Assert.NotNull(output.GetTypeByMetadataName("Demo.XiaohongshuClient"));
        Assert.DoesNotContain(GeneratorHarness.Run(file).Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Reports_that_the_response_was_inferred_from_the_example_with_a_location_in_the_document()
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile(GeneratorHarness.DefaultPath, GeneratorHarness.VendoredDocument));

        var info = Assert.Single(result.Diagnostics, d => d.Id == "XHS0007");
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.Contains("SearchUserV2Response", info.GetMessage(), StringComparison.Ordinal);
        var span = info.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.DefaultPath, span.Path);
        var text = GeneratorHarness.VendoredDocument.Replace("\r\n", "\n");
        Assert.StartsWith("{", text.Substring(info.Location.SourceSpan.Start, 1), StringComparison.Ordinal);
        Assert.Contains("\"example\"", text.Split('\n')[span.StartLinePosition.Line], StringComparison.Ordinal);
    }
}
