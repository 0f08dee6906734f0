using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// Objects several operations of a client return are one model of the client (ModelSharing): the
/// union of the members their examples show, declared once with its reader; objects that disagree, or
/// merely share a member name, stay the operation's own.
/// </summary>
public sealed class SharedModelTests
{
    private const string Tag = "Xiaohongshu (RedNote)";

    private static string Operation(string slug, string operationId, string data, bool paged = false)
        => $$"""
            "/api/xiaohongshu/{{slug}}/v1": { "get": {
              "tags": [ "{{Tag}}" ], "operationId": "{{operationId}}",
              "parameters": [ { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } }{{(paged ? """, { "name": "page", "in": "query", "schema": { "type": "integer", "format": "int32", "default": 1 } }""" : "")}} ],
              "responses": { "default": { "description": "ok", "content": { "application/json": { "example": { "code": 0, "data": {{data}} } } } } }
            } }
            """;

    // hot-list and search-note: one item and author, each example showing members the other lacks
    // (likes 3.5 and 12: one double); user-notes and feed: the same item, and a data the others' data
    // overlaps; comments: an item whose id is a number (disagrees); user-detail: a data with nothing in common.
    private static readonly string[] Operations =
    [
        Operation("hot-list", "getApiXiaohongshuHotListV1", """{ "items": [ { "id": "n2", "title": "h", "likes": 3.5, "author": { "id": "u2", "name": "n", "avatar": "https://a/b.jpg" } } ], "cursor": "c" }"""),
        Operation("search-note", "getApiXiaohongshuSearchNoteV1", """{ "items": [ { "id": "n1", "title": "t", "likes": 12, "author": { "id": "u1", "name": "名字" } } ], "has_more": true }""", paged: true),
        Operation("user-notes", "getApiXiaohongshuUserNotesV1", """{ "items": [ { "id": "n4", "title": "z" } ], "has_more": false }""", paged: true),
        Operation("feed", "getApiXiaohongshuFeedV1", """{ "items": [ { "id": "n6", "title": "f" } ], "notes": [ { "id": "n5", "title": "w" } ] }"""),
        Operation("comments", "getApiXiaohongshuCommentsV1", """{ "items": [ { "id": 7, "title": "c" } ] }"""),
        Operation("user-detail", "getApiXiaohongshuUserDetailV1", """{ "user": { "id": "u9", "nick": "k" } }"""),
    ];

    private static readonly string Document = Build(Operations);

    private static string Build(IEnumerable<string> operations)
        => """{ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "servers": [ { "url": "https://api.justoneapi.com" } ], "paths": {"""
            + string.Join(",\n", operations) + "} }";

    private const string Path = "/project/openapi/catalog.json";

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Asked = new() { [Path] = new Dictionary<string, string> { ["XhsShareModels"] = "true" } };

    private static Compilation Compile(string document, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? metadata = null)
    {
        GeneratorHarness.Run([new TestAdditionalFile(Path, document)], metadata ?? Asked);
        GeneratorHarness.NewDriver([new TestAdditionalFile(Path, document)], metadata ?? Asked)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }"), out var output, out _);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return output;
    }

    private static GeneratorRunResult Run(string document) => GeneratorHarness.Run([new TestAdditionalFile(Path, document)], Asked);

    private static Dictionary<string, string> Properties(Compilation compilation, string type)
        => compilation.GetTypeByMetadataName("Demo." + type)!.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.Name != "AdditionalProperties")
            .ToDictionary(p => p.Name, p => p.Type.ToDisplayString());

    [Fact]
    public void Objects_operations_agree_on_are_one_model_with_every_member_and_the_rest_stay_their_own()
    {
        var output = Compile(Document);

        Assert.Equal(
            new Dictionary<string, string> { ["Author"] = "Demo.XiaohongshuAuthor?", ["Id"] = "string?", ["Likes"] = "double?", ["Title"] = "string?" },
            Properties(output, "XiaohongshuItem"));
        Assert.Equal(new Dictionary<string, string> { ["Avatar"] = "string?", ["Id"] = "string?", ["Name"] = "string?" }, Properties(output, "XiaohongshuAuthor"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Cursor"] = "string?",
                ["HasMore"] = "bool?",
                ["Items"] = "System.Collections.Generic.IReadOnlyList<Demo.XiaohongshuItem>",
                ["Notes"] = "System.Collections.Generic.IReadOnlyList<Demo.XiaohongshuNote>",
            },
            Properties(output, "XiaohongshuData"));
        foreach (var operation in new[] { "HotListV1", "SearchNoteV1", "UserNotesV1", "FeedV1" })
        {
            Assert.Equal("Demo.XiaohongshuData?", Properties(output, $"Xiaohongshu{operation}Response")["Data"]);
            Assert.Null(output.GetTypeByMetadataName($"Demo.Xiaohongshu{operation}Item"));
            Assert.Null(output.GetTypeByMetadataName($"Demo.Xiaohongshu{operation}Data"));
        }

        // A kind only one operation has takes the client's name all the same (a second operation renames nothing).
        Assert.NotNull(output.GetTypeByMetadataName("Demo.XiaohongshuNote"));
        Assert.Null(output.GetTypeByMetadataName("Demo.XiaohongshuFeedV1Note"));
        Assert.Equal("Demo.XiaohongshuUser?", Properties(output, "XiaohongshuUserDetailV1Data")["User"]);

        // An id that is a number, where the larger group's is a string, and a data with no member in
        // common with the others: groups of their own, under their first operation's own names.
        Assert.Equal("long?", Properties(output, "XiaohongshuCommentsV1Item")["Id"]);
        Assert.Equal("Demo.XiaohongshuCommentsV1Data?", Properties(output, "XiaohongshuCommentsV1Response")["Data"]);
        Assert.Equal("Demo.XiaohongshuUserDetailV1Data?", Properties(output, "XiaohongshuUserDetailV1Response")["Data"]);
    }

    [Fact]
    public void Two_operations_sharing_their_models_generate_this_code()
    {
        var result = Run(Build(Operations.Where(o => o.Contains("hot-list", StringComparison.Ordinal) || o.Contains("search-note", StringComparison.Ordinal))));

        Assert.Equal(
            ["Demo.XiaohongshuClient.SharedModels.g.cs", "Demo.XiaohongshuClient.XiaohongshuHotListV1.g.cs", "Demo.XiaohongshuClient.XiaohongshuSearchNoteV1.g.cs", "Demo.XiaohongshuClient.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Snapshot.VerifyGenerated(result);
    }

    [Fact]
    public void Each_model_is_declared_once_in_the_client_s_shared_file()
    {
        var result = Run(Document);
        var shared = result.GeneratedSources.Single(s => s.HintName == "Demo.XiaohongshuClient.SharedModels.g.cs").SourceText.ToString();
        var all = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));

        foreach (var type in new[] { "XiaohongshuItem", "XiaohongshuAuthor", "XiaohongshuData", "XiaohongshuNote", "XiaohongshuCommentsV1Item" })
        {
            Assert.Contains($"public sealed partial class {type}\n", shared.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, $@"class {type}\b"));
        }

        Assert.Contains("internal static class XiaohongshuClientJsonReader", shared, StringComparison.Ordinal);
        Assert.Contains("An object the responses of FeedV1Async, HotListV1Async, SearchNoteV1Async and UserNotesV1Async have in common", shared, StringComparison.Ordinal);

        // The example of the first operation (by method name) that shows a member documents it.
        Assert.Contains("JSON member <c>avatar</c>. Example: <c>\"https://a/b.jpg\"</c>.", shared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_model_reads_and_writes_every_member_and_each_operation_pages_on_its_own_list()
    {
        // user-notes pages on its own items, not on the notes another operation's data adds to the
        // shared type (its name would pick notes): the server's notes are empty, its items are not.
        var served = Seed.Envelope(0, data: """{ "items": [ { "id": "a", "title": "t", "likes": 2, "author": { "id": "u", "name": "n", "avatar": "av", "extra": 1 } } ], "notes": [], "has_more": true }""");
        const string body = """
            var hot = await client.HotListV1Async();
            XiaohongshuItem item = hot.Data!.Items[0];
            var pages = 0;
            await foreach (var page in client.UserNotesV1PagesAsync(maxPages: 3))
            {
                pages++;
            }

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                hot.WriteTo(writer);
            }

            var again = XiaohongshuHotListV1Response.Parse(buffer.WrittenSpan);
            return string.Join("|", item.Id, item.Likes, item.Author!.Avatar, item.Author.AdditionalProperties["extra"].GetRawText(), hot.Data.HasMore, pages, again.Data!.Items[0].Author!.Avatar, again.Code);
            """;
        var userCode = GeneratorHarness.ClientUserCode(body);
        await GeneratorHarness.WithUserCodeAsync(Document, userCode, async type =>
        {
            await using var server = await LoopbackServer.StartAsync(200, served);

            var text = await (Task<string>)type.GetMethod("RunAsync")!.Invoke(null, new object[] { server.BaseAddress, Seed.Token })!;

            Assert.Equal("a|2|av|1|True|3|av|0", text);
        }, Asked);
    }

    [Fact]
    public void Without_the_setting_every_operation_keeps_its_own_models_as_before()
    {
        var unasked = Compile(Document, new Dictionary<string, IReadOnlyDictionary<string, string>>());
        var single = GeneratorHarness.RunAndCompile(new TestAdditionalFile("/project/openapi/user-search-v2-en.json", GeneratorHarness.VendoredDocument));

        Assert.NotNull(unasked.GetTypeByMetadataName("Demo.XiaohongshuHotListV1Item"));
        Assert.Null(unasked.GetTypeByMetadataName("Demo.XiaohongshuItem"));
        Assert.NotNull(single.GetTypeByMetadataName("Demo.SearchUserV2User"));
        Assert.DoesNotContain(unasked.SyntaxTrees.Concat(single.SyntaxTrees), t => t.FilePath.EndsWith("SharedModels.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Adding_or_removing_an_operation_renames_nothing_the_others_return()
    {
        string[] Names(Compilation compilation) => compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
            .Select(c => c.Identifier.Text)
            .Where(n => n.StartsWith("Xiaohongshu", StringComparison.Ordinal) && !new[] { "Response", "Client", "JsonReader", "Extensions" }.Any(s => n.EndsWith(s, StringComparison.Ordinal)))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var all = Names(Compile(Document));

        // Only search-note is left of the four that share Item, Author and Data; then only comments and user-detail.
        var one = Names(Compile(Build(Operations.Where(o => o.Contains("search-note", StringComparison.Ordinal)))));
        var others = Names(Compile(Build(Operations.Where(o => o.Contains("comments", StringComparison.Ordinal) || o.Contains("user-detail", StringComparison.Ordinal)))));

        Assert.Equal(["XiaohongshuAuthor", "XiaohongshuData", "XiaohongshuItem"], one);
        Assert.Subset(all.ToHashSet(), one.ToHashSet());

        // Alone, comments' item and data are the largest of their kinds: they take the client's names.
        Assert.Contains("XiaohongshuItem", others);
        Assert.Contains("XiaohongshuUser", others);
    }

    [Fact]
    public void A_document_that_does_not_ask_keeps_its_models_beside_one_that_does()
    {
        const string other = "/project/openapi/hot-list.json";
        var asked = Build(Operations.Where(o => !o.Contains("hot-list", StringComparison.Ordinal)));
        var unasked = Build(Operations.Where(o => o.Contains("hot-list", StringComparison.Ordinal)));
        GeneratorHarness.NewDriver([new TestAdditionalFile(Path, asked), new TestAdditionalFile(other, unasked)], Asked)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }"), out var output, out _);

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal("Demo.XiaohongshuHotListV1Data?", Properties(output, "XiaohongshuHotListV1Response")["Data"]);
        Assert.Equal("Demo.XiaohongshuData?", Properties(output, "XiaohongshuSearchNoteV1Response")["Data"]);
    }

    [Fact]
    public void A_kind_whose_name_a_member_or_another_type_takes_keeps_its_first_operation_s_name()
    {
        // The item has a member that is the kind's name (a class may not hold a member of its own name), and
        // getXiaohongshu's own models already are the names Data and Author would take.
        var document = Build([
            Operation("hot-list", "getApiXiaohongshuHotListV1", """{ "items": [ { "id": "a", "xiaohongshu_item": 1, "author": { "id": "u" } } ] }"""),
            Operation("search-note", "getApiXiaohongshuSearchNoteV1", """{ "items": [ { "id": "b", "author": { "id": "v" } } ] }"""),
            Operation("xiaohongshu", "getXiaohongshu", """{ "author": { "x": 1 } }"""),
        ]);
        var output = Compile(document);

        // The kinds' groups of two take the first operation's names; getXiaohongshu keeps its own.
        Assert.Null(output.GetTypeByMetadataName("Demo.XiaohongshuItem"));
        Assert.Equal("long?", Properties(output, "XiaohongshuHotListV1Item")["XiaohongshuItem"]);
        Assert.Equal("Demo.XiaohongshuHotListV1Data?", Properties(output, "XiaohongshuSearchNoteV1Response")["Data"]);
        Assert.Equal("Demo.XiaohongshuHotListV1Author?", Properties(output, "XiaohongshuHotListV1Item")["Author"]);
        Assert.Equal("long?", Properties(output, "XiaohongshuAuthor")["X"]);
        Assert.Equal("Demo.XiaohongshuData?", Properties(output, "XiaohongshuResponse")["Data"]);
    }

    [Fact]
    public void Sharing_is_the_same_whatever_the_order_of_the_document_s_paths()
    {
        var reversed = Build(Enumerable.Reverse(Operations));
        string Shared(string document) => Run(document)
            .GeneratedSources.Single(s => s.HintName.EndsWith("SharedModels.g.cs", StringComparison.Ordinal)).SourceText.ToString();

        Assert.Equal(Shared(Document), Shared(reversed));
    }
}
