using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// The vendor's document churns: each drift of the example, with yesterday's example kept as a
/// sample, leaves user code compiling, and says what changed (XHS0011) where it changed.
/// </summary>
public sealed class DriftTests
{
    private const string DocumentPath = "/project/openapi/user-search-v2-en.json";
    private const string SamplePath = "/project/openapi/samples/getSearchUserV2/example-1.json";

    /// <summary>Code a user wrote against yesterday's document: every member of users and filters.</summary>
    private const string UserCode = """
        using System.Linq;
        namespace Demo
        {
            public static class UserCode
            {
                public static string Describe(SearchUserV2Response response)
                {
                    var data = response.Data!;
                    var text = string.Join(",", data.Users.Select(u => $"{u.Id}|{u.Name}|{u.RedId}|{u.Desc}|{u.Image}|{u.Link}|{u.SubTitle}|{u.Reason}|{u.Followed == true}|{u.Self}|{u.RedOfficialVerified}|{u.ShowRedOfficialVerifyIcon}|{u.RedOfficialVerifyType + 1}"));
                    text += string.Join(",", data.Filters.Select(f => $"{f.Id}|{f.Name}|{f.Invisible}|{f.FilterTags.Count}|{f.FilterTags.Select(t => t.Id + t.Name).FirstOrDefault()}"));
                    return text;
                }
            }
        }
        """;

    private static JsonObject Example(JsonObject document) => document["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!.AsObject();

    public static TheoryData<string> Drifts => new()
    {
        "filters: []",
        "users: []",
        "red_official_verify_type: null",
        "desc missing from every user",
        "id as a number",
        "followed as 0/1",
        "a new member",
        "a member moves into a nested object",
    };

    private static string Drift(string drift)
    {
        var document = JsonNode.Parse(GeneratorHarness.VendoredDocument)!.AsObject();
        var data = Example(document)["data"]!.AsObject();
        var users = data["users"]!.AsArray().Select(u => u!.AsObject()).ToList();
        switch (drift)
        {
            case "filters: []":
                data["filters"] = new JsonArray();
                break;
            case "users: []":
                data["users"] = new JsonArray();
                break;
            case "red_official_verify_type: null":
                users.ForEach(u => u["red_official_verify_type"] = null);
                break;
            case "desc missing from every user":
                users.ForEach(u => u.Remove("desc"));
                break;
            case "id as a number":
                users.ForEach(u => u["id"] = 1234567);
                break;
            case "followed as 0/1":
                users.ForEach(u => u["followed"] = 0);
                users[0]["followed"] = 1;
                break;
            case "a new member":
                users.ForEach(u => u["fans_count"] = 10);
                break;
            case "a member moves into a nested object":
                users.ForEach(u =>
                {
                    u["verify"] = new JsonObject { ["red_official_verified"] = u["red_official_verified"]!.DeepClone(), ["red_official_verify_type"] = u["red_official_verify_type"]!.DeepClone() };
                    u.Remove("red_official_verified");
                    u.Remove("red_official_verify_type");
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(drift));
        }

        return document.ToJsonString();
    }

    private static (ImmutableArrayResult Generator, IReadOnlyList<Diagnostic> Compile) Build(string document, params AdditionalText[] samples)
    {
        var files = new AdditionalText[] { new TestAdditionalFile(DocumentPath, document) }.Concat(samples).ToArray();
        var result = GeneratorHarness.Run(files);
        var output = GeneratorHarness.CompileWithUserCode(UserCode, files);
        return (new ImmutableArrayResult(result.Diagnostics), output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
    }

    private sealed record ImmutableArrayResult(System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics);

    /// <summary>Yesterday's example, kept as <c>xhs freeze</c> keeps it: the envelope, as it is in the document.</summary>
    private static TestAdditionalFile YesterdaysSample()
        => new(SamplePath, Example(JsonNode.Parse(GeneratorHarness.VendoredDocument)!.AsObject()).ToJsonString());

    [Fact]
    public void User_code_compiles_against_the_vendored_document()
    {
        var (_, errors) = Build(GeneratorHarness.VendoredDocument);

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Drifts))]
    public void With_yesterdays_example_kept_as_a_sample_user_code_keeps_compiling_after_the_drift(string drift)
    {
        var drifted = Drift(drift);

        var (generator, errors) = Build(drifted, YesterdaysSample());

        Assert.True(errors.Count == 0, drift + ":\n" + string.Join("\n", errors));
        Assert.DoesNotContain(generator.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("filters: []", "data.filters", "an empty array")]
    [InlineData("users: []", "data.users", "an empty array")]
    [InlineData("red_official_verify_type: null", "data.users[].red_official_verify_type", "null")]
    [InlineData("desc missing from every user", "data.users[].desc", "the example does not")]
    [InlineData("id as a number", "data.users[].id", "an integer")]
    [InlineData("followed as 0/1", "data.users[].followed", "0/1")]
    [InlineData("a member moves into a nested object", "data.users[].red_official_verified", "the example does not")]
    public void Each_drift_is_a_warning_that_names_the_operation_the_member_and_the_change_at_its_place_in_the_document(string drift, string member, string change)
    {
        var drifted = Drift(drift);

        var (generator, _) = Build(drifted, YesterdaysSample());

        var warning = Assert.Single(generator.Diagnostics, d => d.Id == "XHS0011" && d.GetMessage().Contains("'" + member + "'", StringComparison.Ordinal));
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("getSearchUserV2", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(change, warning.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DocumentPath, warning.Location.GetLineSpan().Path);
        var at = drifted.Substring(warning.Location.SourceSpan.Start, Math.Min(40, drifted.Length - warning.Location.SourceSpan.Start));
        Assert.True(warning.Location.SourceSpan.Start > drifted.IndexOf("\"example\"", StringComparison.Ordinal), "The warning points before the example: " + at);
    }

    [Fact]
    public void A_new_member_is_no_warning_and_becomes_a_property()
    {
        var (generator, errors) = Build(Drift("a new member"), YesterdaysSample());

        Assert.Empty(errors);
        Assert.DoesNotContain(generator.Diagnostics, d => d.Id == "XHS0011");
    }

    [Theory]
    [InlineData("filters: []")]
    [InlineData("users: []")]
    [InlineData("desc missing from every user")]
    [InlineData("followed as 0/1")]
    [InlineData("a member moves into a nested object")]
    public void Without_the_sample_the_same_drift_breaks_user_code(string drift)
    {
        var (_, errors) = Build(Drift(drift));

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void A_recorded_answer_is_a_sample_and_its_members_become_properties()
    {
        var record = """
            { "format": "xhs-record/1", "operationId": "getSearchUserV2", "method": "GET", "path": "/api/xiaohongshu/search-user/v2",
              "parameters": { "keyword": "x" }, "status": 200, "recordedAt": "2026-11-29T19:00:00.000Z",
              "response": { "code": 0, "message": null, "data": { "users": [ { "id": "a", "fans_count": 12 } ] } } }
            """;
        var failure = """{ "code": 301, "message": "retry", "data": { "users": "not a list" } }""";
        var bare = """{ "users": [ { "id": "b", "vip_level": 2 } ] }""";
        var files = new AdditionalText[]
        {
            new TestAdditionalFile(DocumentPath, GeneratorHarness.VendoredDocument),
            new TestAdditionalFile("/project/openapi/samples/getSearchUserV2/recorded.json", record),
            new TestAdditionalFile("/project/openapi/samples/getSearchUserV2/failure.json", failure),
            new TestAdditionalFile("/project/openapi/samples/getSearchUserV2/bare.json", bare),
        };

        var output = GeneratorHarness.CompileWithUserCode("namespace Demo { public static class C { public static long? F(SearchUserV2User u) => u.FansCount + u.VipLevel; public static int N(SearchUserV2Data d) => d.Users.Count; } }", files, out var diagnostics);

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.DoesNotContain(diagnostics, d => d.Id == "XHS0012");

        // The example lacks what the samples show: said once per member, the failure's data ignored.
        Assert.Equal(
            new[] { "data.users[].fans_count", "data.users[].vip_level" },
            diagnostics.Where(d => d.Id == "XHS0011").Select(d => d.GetMessage().Split('\'')[3]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_sample_that_is_not_json_is_a_located_warning_and_is_skipped()
    {
        var files = new AdditionalText[]
        {
            new TestAdditionalFile(DocumentPath, GeneratorHarness.VendoredDocument),
            new TestAdditionalFile("/project/openapi/samples/getSearchUserV2/broken.json", "{\n  \"users\": [ 1, \n"),
        };

        var result = GeneratorHarness.Run(files);

        var warning = Assert.Single(result.Diagnostics, d => d.Id == "XHS0012");
        Assert.Equal("/project/openapi/samples/getSearchUserV2/broken.json", warning.Location.GetLineSpan().Path);
        Assert.Contains("getSearchUserV2", warning.GetMessage(), StringComparison.Ordinal);
        Assert.NotEmpty(result.GeneratedSources);
    }

    [Fact]
    public void A_changed_sample_reruns_the_parse_and_an_unchanged_one_is_cached()
    {
        var document = new TestAdditionalFile(DocumentPath, GeneratorHarness.VendoredDocument);
        var sample = YesterdaysSample();
        var compilation = GeneratorHarness.NewCompilation("namespace Demo { }");
        var driver = GeneratorHarness.NewDriver(new AdditionalText[] { document, sample }).RunGenerators(compilation);

        var same = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        var changed = driver.ReplaceAdditionalText(sample, new TestAdditionalFile(SamplePath, """{ "users": [ { "karma": 1 } ] }"""))
            .RunGenerators(compilation).GetRunResult().Results.Single();

        GeneratorHarness.AssertAllCached(same);
        Assert.Contains(IncrementalStepRunReason.Modified, GeneratorHarness.Reasons(changed, "Documents"));
    }
}
