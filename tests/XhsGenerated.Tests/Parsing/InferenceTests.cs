using XhsGenerated.Generator.Model;
using XhsGenerated.Generator.Parsing;
using XhsGenerated.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Text;

namespace XhsGenerated.Tests.Parsing;

/// <summary>The example-to-type inference, asserted on the parse step's model.</summary>
public sealed class InferenceTests
{
    private static ParseResult Parse(string document)
        => DocumentParser.Parse("/p/doc.json", SourceText.From(document), CancellationToken.None);

    private static ResponseModel Response(string data)
    {
        var result = Parse(Documents.WithExampleData(data));
        Assert.NotNull(result.Document);
        return Assert.Single(result.Document!.Operations).Operation.Response;
    }

    private static ObjectModel Model(ResponseModel response, string name) => Assert.Single(response.Models, m => m.Name == name);

    private static TypeRef TypeOf(ObjectModel model, string jsonName) => Assert.Single(model.Properties, p => p.JsonName == jsonName).Type;

    [Fact]
    public void All_items_of_an_array_are_merged_so_a_member_seen_once_is_a_property()
    {
        var response = Response("""{ "items": [ { "a": 1 }, { "b": "x" }, { "a": 2, "c": true } ] }""");

        Assert.Equal(TypeRef.ArrayOf(TypeRef.Object("ThingItem")), TypeOf(Model(response, "ThingData"), "items"));
        var item = Model(response, "ThingItem");
        Assert.Equal(new[] { "a", "b", "c" }, item.Properties.Select(p => p.JsonName));
        Assert.Equal(new[] { TypeRef.Int64, TypeRef.String, TypeRef.Boolean }, item.Properties.Select(p => p.Type));
    }

    [Fact]
    public void Null_next_to_a_value_is_that_value_and_null_alone_is_raw_json()
    {
        var data = Model(Response("""{ "list": [ { "s": null }, { "s": "x" } ], "n": null }"""), "ThingData");

        Assert.Equal(TypeRef.Any, TypeOf(data, "n"));
    }

    [Fact]
    public void Empty_arrays_are_raw_json_and_nested_arrays_are_lists_of_lists()
    {
        var data = Model(Response("""{ "empty": [], "grid": [ [1, 2], [3] ], "tags": ["a", "b"] }"""), "ThingData");

        Assert.Equal(TypeRef.Any, TypeOf(data, "empty"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.ArrayOf(TypeRef.Int64)), TypeOf(data, "grid"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.String), TypeOf(data, "tags"));
    }

    [Fact]
    public void Integers_are_long_and_any_fraction_makes_a_double()
    {
        var data = Model(Response("""{ "rows": [ { "n": 1, "d": 1 }, { "n": 2, "d": 2.5 } ], "big": 123456789012345, "mixed": [ "1", 2 ] }"""), "ThingData");
        var row = Model(Response("""{ "rows": [ { "n": 1, "d": 1 }, { "n": 2, "d": 2.5 } ] }"""), "ThingRow");

        Assert.Equal(TypeRef.Int64, TypeOf(row, "n"));
        Assert.Equal(TypeRef.Double, TypeOf(row, "d"));
        Assert.Equal(TypeRef.Int64, TypeOf(data, "big"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.String), TypeOf(data, "mixed"));
    }

    [Fact]
    public void Members_of_different_kinds_are_raw_json()
    {
        var data = Model(Response("""{ "rows": [ { "v": 1 }, { "v": { "x": 1 } }, { "v": true } ] }"""), "ThingRow");

        Assert.Equal(TypeRef.Any, TypeOf(data, "v"));
    }

    [Fact]
    public void Keywords_non_ascii_and_odd_json_names_become_valid_identifiers_that_keep_their_json_name()
    {
        var result = Parse(Documents.WithExampleData("""{ "class": 1, "粉丝数量": 2, "1st": 3, "a-b": 4, "": 5, "red_id": "x", "redId": "y", "AdditionalProperties": 6, "ToString": 7 }"""));
        var data = Model(Assert.Single(result.Document!.Operations).Operation.Response, "ThingData");

        var names = data.Properties.ToDictionary(p => p.JsonName, p => p.CSharpName);
        Assert.Equal("Class", names["class"]);
        Assert.Equal("粉丝数量", names["粉丝数量"]);
        Assert.Equal("_1st", names["1st"]);
        Assert.Equal("AB", names["a-b"]);
        Assert.Equal("Value", names[""]);
        Assert.Equal(new[] { "RedId", "RedId2" }, new[] { names["redId"], names["red_id"] });
        Assert.Equal("AdditionalPropertiesValue", names["AdditionalProperties"]);
        Assert.Equal("ToStringValue", names["ToString"]);
        var renamed = result.Diagnostics.Where(d => d.Id == "XHS0006").Select(d => d.Arguments[0]).ToHashSet();
        Assert.Superset(new HashSet<string> { "1st", "a-b", "", "red_id", "AdditionalProperties", "ToString" }, renamed);
        Assert.DoesNotContain("class", renamed);
    }

    [Fact]
    public void A_member_named_like_its_model_is_renamed()
    {
        var data = Model(Response("""{ "thing_data": 1 }"""), "ThingData");

        Assert.Equal("ThingDataValue", Assert.Single(data.Properties).CSharpName);
    }

    [Fact]
    public void Two_places_with_the_same_member_name_get_two_models()
    {
        var response = Response("""{ "author": { "user": { "id": "1" } }, "user": { "name": "n" } }""");

        // Members are visited in ordinal order: author.user comes first and keeps the short name.
        Assert.Equal(TypeRef.Object("ThingUser"), TypeOf(Model(response, "ThingAuthor"), "user"));
        Assert.Equal(TypeRef.Object("ThingDataUser"), TypeOf(Model(response, "ThingData"), "user"));
        Assert.Equal(response.Models.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal), response.Models.Select(m => m.Name));
    }

    [Fact]
    public void Model_names_are_the_operation_name_plus_the_singular_member_name()
    {
        var response = Response("""{ "categories": [ { "boxes": [ { "status": [ { "x": 1 } ] } ] } ] }""");

        Assert.Equal(new[] { "ThingBox", "ThingCategory", "ThingData", "ThingStatusItem" }, response.Models.Select(m => m.Name));
    }

    [Fact]
    public void Data_that_is_a_list_or_a_scalar_is_typed_as_such()
    {
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Object("ThingDataItem")), Response("""[ { "a": 1 } ]""").Data);
        Assert.Equal(TypeRef.String, Response("\"done\"").Data);
        Assert.Equal(TypeRef.Any, Response("null").Data);
    }

    [Fact]
    public void A_response_schema_wins_over_the_example_and_the_example_fills_what_the_schema_leaves_untyped()
    {
        var document = """
        {
          "openapi": "3.1.0",
          "info": { "title": "T", "version": "1" },
          "paths": { "/a": { "get": {
            "operationId": "getA",
            "responses": { "200": { "description": "ok", "content": { "application/json": {
              "schema": { "type": "object", "properties": {
                "code": { "type": "integer" },
                "data": { "type": "object", "properties": {
                  "count": { "type": ["integer", "null"], "description": "How many." },
                  "items": { "type": "array", "items": { } }
                } }
              } },
              "example": { "code": 0, "data": { "count": "12", "items": [ { "id": "x" } ], "ignored": true } }
            } } } }
          } } }
        }
        """;
        var response = Assert.Single(Parse(document).Document!.Operations).Operation.Response;

        Assert.Equal(TypeSource.Schema, response.Source);
        var data = Model(response, "AData");
        Assert.Equal(new[] { "count", "items" }, data.Properties.Select(p => p.JsonName));
        Assert.Equal(TypeRef.Int64, TypeOf(data, "count"));
        Assert.Equal("How many.", data.Properties[0].Description);
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Object("AItem")), TypeOf(data, "items"));
        Assert.Equal(TypeRef.String, TypeOf(Model(response, "AItem"), "id"));
    }

    [Fact]
    public void The_same_document_parses_to_an_equal_model()
    {
        Assert.Equal(Parse(GeneratorHarness.VendoredDocument), Parse(GeneratorHarness.VendoredDocument));
    }

    [Fact]
    public void Operation_names_drop_the_http_verb_and_clients_come_from_the_first_tag()
    {
        Assert.Equal("SearchUserV2", Identifiers.OperationName("getSearchUserV2"));
        Assert.Equal("Getaway", Identifiers.OperationName("getaway"));
        Assert.Equal("CreateNote", Identifiers.OperationName("post_createNote"));
        Assert.Equal("Get", Identifiers.OperationName("get"));
        Assert.Equal("XiaohongshuClient", Identifiers.ClientNameFromTag("Xiaohongshu (RedNote)"));
        Assert.Equal("DouyinClient", Identifiers.ClientNameFromTag("Douyin"));
        Assert.Equal("JustOneApiClient", Identifiers.ClientNameFromTag(null));
    }

    [Fact]
    public void Parameters_are_typed_required_first_and_the_token_is_not_one()
    {
        var document = Documents.WithExampleData("{}", extraParameters: """
            ,
            { "name": "page", "in": "query", "schema": { "type": "integer", "format": "int32", "default": 1 } },
            { "name": "keyword", "in": "query", "required": true, "schema": { "type": "string" } },
            { "name": "sort", "in": "query", "schema": { "type": "string", "enum": ["_1", "DAY_30", "最新"] } },
            { "name": "class", "in": "query", "schema": { "type": "number", "nullable": true } },
            { "name": "since", "in": "query", "schema": { "type": "integer", "format": "int64", "minimum": 0 } }
            """);
        var operation = Assert.Single(Parse(document).Document!.Operations).Operation;

        Assert.Equal(new[] { "keyword", "page", "sort", "@class", "since" }, operation.Parameters.Select(p => p.CSharpName));
        Assert.Equal(new[] { ParameterType.String, ParameterType.Int32, ParameterType.String, ParameterType.Double, ParameterType.Int64 }, operation.Parameters.Select(p => p.Type));
        Assert.True(operation.Parameters[0].Required);
        Assert.Equal(1, operation.Parameters[1].Minimum);
        Assert.Equal("1", operation.Parameters[1].DefaultValue);
        Assert.Equal(new[] { "_1", "DAY_30", "最新" }, operation.Parameters[2].AllowedValues);
        Assert.Equal(0, operation.Parameters[4].Minimum);
        Assert.Equal("page", operation.PagingParameter);
    }
}
