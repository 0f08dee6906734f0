using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>Below C# 11 the generated code cannot compile (UTF-8 literals): one clear diagnostic instead of compiler errors inside generated files.</summary>
public sealed class LanguageVersionTests
{
    [Theory]
    [InlineData(LanguageVersion.CSharp10, false)]
    [InlineData(LanguageVersion.CSharp9, false)]
    [InlineData(LanguageVersion.CSharp11, true)]
    [InlineData(LanguageVersion.CSharp12, true)]
    [InlineData(LanguageVersion.Latest, true)]
    public void Below_csharp_11_there_is_one_diagnostic_and_no_code(LanguageVersion version, bool generates)
    {
        var parse = new CSharpParseOptions(version);
        var compilation = GeneratorHarness.NewCompilation(parse, "namespace Demo { internal static class Marker { } }");
        var driver = GeneratorHarness.NewDriver([new TestAdditionalFile("/project/openapi/user-search-v2-en.json", GeneratorHarness.VendoredDocument)], parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult().Results.Single();

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        if (generates)
        {
            Assert.NotEmpty(result.GeneratedSources);
            Assert.DoesNotContain(diagnostics, d => d.Id == "XHS0013");
        }
        else
        {
            Assert.Empty(result.GeneratedSources);
            var diagnostic = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("XHS0013", diagnostic.Id);
            Assert.Contains(version.ToDisplayString(), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Contains("<LangVersion>11</LangVersion>", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }
}
