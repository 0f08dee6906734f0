using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.CodeAnalysis;
using XhsGenerated.Generator.Model;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// Choosing operations per document with <c>AdditionalFiles</c> metadata: by path glob, tag and
/// operation id; what is left out emits nothing, names of what is kept do not move, and a pattern that
/// matches nothing is a located warning.
/// </summary>
public sealed class OperationFilterTests
{
    private const string Path = "/project/openapi/catalog.json";
    private static readonly string Catalog = CatalogDocument.Build(platforms: 8, operationsPerPlatform: 10);

    private static GeneratorRunResult Run(params (string Name, string Value)[] metadata)
        => GeneratorHarness.Run(
            [new TestAdditionalFile(Path, Catalog)],
            new Dictionary<string, IReadOnlyDictionary<string, string>> { [Path] = metadata.ToDictionary(m => m.Name, m => m.Value) });

    /// <summary>Every generated method, as <c>Client.Method</c>.</summary>
    private static string[] Methods(GeneratorRunResult result)
        => result.GeneratedSources
            .SelectMany(s => Regex.Matches(s.SourceText.ToString(), @"public global::System\.Threading\.Tasks\.Task<\w+> (\w+)Async\(").Select(m => s.HintName.Split('.')[1] + "." + m.Groups[1].Value))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void Path_globs_keep_two_platforms_and_leave_the_rest_without_a_trace()
    {
        var all = Methods(Run());
        var result = Run(("XhsInclude", "/api/xiaohongshu/*; /api/douyin/*"));
        var kept = Methods(result);

        Assert.Equal(20, kept.Length);
        Assert.All(kept, m => Assert.True(m.StartsWith("XiaohongshuClient.", StringComparison.Ordinal) || m.StartsWith("DouyinClient.", StringComparison.Ordinal), m));
        // The kept methods keep the names they have without the filter.
        Assert.Equal(all.Where(m => m.StartsWith("XiaohongshuClient.", StringComparison.Ordinal) || m.StartsWith("DouyinClient.", StringComparison.Ordinal)), kept);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("Kuaishou", StringComparison.Ordinal) || s.SourceText.ToString().Contains("/api/kuaishou/", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.DoesNotContain(result.Diagnostics, d => d.GetMessage().Contains("Kuaishou", StringComparison.Ordinal));
    }

    [Fact]
    public void Tags_and_operation_ids_include_and_exclude_together()
    {
        var byTag = Methods(Run(("XhsIncludeTags", "xiaohongshu (rednote)"), ("XhsExcludeOperations", "*Publish*;*Comments*")));
        var byId = Methods(Run(("XhsIncludeOperations", "getApiXiaohongshuSearchNoteV1;get*UserDetail*"), ("XhsExcludeTags", "Douyin*")));
        var excluded = Methods(Run(("XhsExclude", "/api/*/publish/*")));

        Assert.Equal(8, byTag.Length);
        Assert.All(byTag, m => Assert.StartsWith("XiaohongshuClient.", m, StringComparison.Ordinal));
        Assert.DoesNotContain(byTag, m => m.Contains("Publish", StringComparison.Ordinal) || m.Contains("Comments", StringComparison.Ordinal));
        Assert.Contains("XiaohongshuClient.SearchNoteV1", byId);
        Assert.DoesNotContain(byId, m => m.StartsWith("DouyinClient.", StringComparison.Ordinal));
        Assert.All(byId.Where(m => m != "XiaohongshuClient.SearchNoteV1"), m => Assert.Contains("UserDetail", m, StringComparison.Ordinal));
        Assert.Equal(Methods(Run()).Length - 8, excluded.Length);
        Assert.DoesNotContain(excluded, m => m.Contains("Publish", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_a_warning_at_the_documents_paths_and_the_others_still_apply()
    {
        var result = Run(("XhsInclude", "/api/xiaohongshu/*;/api/xiaohngshu/*"), ("XhsExcludeTags", "Myspace"));

        var warnings = result.Diagnostics.Where(d => d.Id == "XHS0015").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.Equal(DiagnosticSeverity.Warning, w.Severity);
            Assert.Equal(Path, w.Location.GetLineSpan().Path);
            Assert.StartsWith("{", Catalog[w.Location.SourceSpan.Start..], StringComparison.Ordinal);
        });
        Assert.Contains(warnings, w => w.GetMessage().Contains("XhsInclude '/api/xiaohngshu/*' matches no path of 'catalog.json'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.GetMessage().Contains("XhsExcludeTags 'Myspace' matches no tag", StringComparison.Ordinal));
        Assert.Equal(10, Methods(result).Length);
    }

    [Fact]
    public void The_filtered_client_compiles_and_a_filter_that_keeps_nothing_says_so()
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>> { [Path] = new Dictionary<string, string> { ["XhsInclude"] = "/api/xiaohongshu/*" } };
        GeneratorHarness.NewDriver([new TestAdditionalFile(Path, Catalog)], metadata)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }"), out var output, out var generatorDiagnostics);
        var nothing = Run(("XhsIncludeOperations", "getNothing"));

        Assert.Empty(generatorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains(nothing.Diagnostics, d => d.Id == "XHS0015");
        Assert.Contains(nothing.Diagnostics, d => d.Id == "XHS0014");
        Assert.Empty(nothing.GeneratedSources);
    }

    [Fact]
    public void Globs_match_as_the_equivalent_regular_expression_does()
    {
        var alphabet = Gen.Char["ab/*?"];
        Gen.Select(Gen.String[alphabet, 0, 8], Gen.String[Gen.Char["ab/"], 0, 10], Gen.Bool).Sample((pattern, text, ignoreCase) =>
        {
            var regex = "^" + string.Concat(pattern.Select(c => c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) })) + "$";
            var expected = Regex.IsMatch(text, regex, RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
            Assert.Equal(expected, Glob.Matches(pattern, text, ignoreCase));
        }, iter: 5000);
    }
}
