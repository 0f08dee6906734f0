using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XhsGenerated.Generator.Emit;
using XhsGenerated.Generator.Model;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Emit;

/// <summary>The emitters on hand-built models: shapes no vendored document has yet, compiled for real.</summary>
public sealed class EmitterTests
{
    private static readonly ClientModel Client = new(
        "Acme.Api",
        "AcmeClient",
        new[] { new ServerModel("prod", "https://api.acme.test/v1", "The \"main\" server") }.ToEquatableArray(),
        EquatableArray<OperationModel>.Empty);

    private static OperationModel Operation(TypeRef data, params ObjectModel[] models) => new(
        "Report",
        "postReport",
        "POST",
        "/api/report/{reportId}",
        "report.json",
        "A <report> & more",
        null,
        Deprecated: true,
        new[]
        {
            new ParameterModel("reportId", "reportId", ParameterLocation.Path, ParameterType.Int64, true, "The report.", null, 1, null, EquatableArray<string>.Empty),
            new ParameterModel("title", "title", ParameterLocation.Form, ParameterType.String, true, null, null, null, null, EquatableArray<string>.Empty),
            new ParameterModel("ratio", "ratio", ParameterLocation.Form, ParameterType.Double, false, null, "0.5", null, null, EquatableArray<string>.Empty),
            new ParameterModel("draft", "@event", ParameterLocation.Form, ParameterType.Boolean, false, null, null, null, null, EquatableArray<string>.Empty),
            new ParameterModel("page", "page", ParameterLocation.Query, ParameterType.Int32, false, null, "1", 1, null, EquatableArray<string>.Empty),
        }.ToEquatableArray(),
        FormBody: true,
        PagingParameter: "page",
        new ResponseModel("ReportResponse", data, models.ToEquatableArray(), TypeSource.Schema));

    [Fact]
    public void Lists_of_lists_scalars_raw_json_and_form_parameters_emit_code_that_compiles()
    {
        var row = new ObjectModel("ReportRow", "A row.", new[]
        {
            new PropertyModel("cells", "Cells", TypeRef.ArrayOf(TypeRef.ArrayOf(TypeRef.Double)), "Cells by column."),
            new PropertyModel("flags", "Flags", TypeRef.ArrayOf(TypeRef.Boolean), null),
            new PropertyModel("extra", "Extra", TypeRef.ArrayOf(TypeRef.Any), null),
            new PropertyModel("meta", "Meta", TypeRef.Any, null, "{\"a\":1}"),
        }.ToEquatableArray());
        var operation = Operation(TypeRef.ArrayOf(TypeRef.Object("ReportRow")), row);

        var client = ClientEmitter.Emit(Client with { Operations = new[] { operation }.ToEquatableArray() });
        var source = OperationEmitter.Emit(Client, operation);

        Assert.Contains("{ SendAsForm = true }", source, StringComparison.Ordinal);
        Assert.Contains("request.AddPath(\"reportId\", reportId);", source, StringComparison.Ordinal);
        Assert.Contains("if (@event.HasValue) request.AddForm(\"draft\", @event.Value);", source, StringComparison.Ordinal);
        Assert.Contains("[global::System.Obsolete(", source, StringComparison.Ordinal);
        Assert.Contains("A &lt;report&gt; &amp; more", source, StringComparison.Ordinal);
        Assert.Contains("TryReadListOfListOfDouble", source, StringComparison.Ordinal);
        Assert.Contains("ReportPagesAsync(long reportId, string title, double? ratio = null, bool? @event = null, int firstPage = 1", source, StringComparison.Ordinal);
        AssertCompiles(client, source);
    }

    [Fact]
    public void Data_of_a_scalar_kind_emits_code_that_compiles()
    {
        foreach (var data in new[] { TypeRef.String, TypeRef.Boolean, TypeRef.Int64, TypeRef.Double, TypeRef.Any, TypeRef.ArrayOf(TypeRef.String) })
        {
            var operation = Operation(data);
            AssertCompiles(ClientEmitter.Emit(Client with { Operations = new[] { operation }.ToEquatableArray() }), OperationEmitter.Emit(Client, operation));
        }
    }

    [Fact]
    public void Hint_names_are_unique_for_names_that_differ_only_outside_ascii()
    {
        Assert.NotEqual(HintNames.Of("Api", "客户端Client"), HintNames.Of("Api", "用户端Client"));
        Assert.Equal("Acme.Api.AcmeClient.Report.g.cs", HintNames.Of("Acme.Api", "AcmeClient", "Report"));
    }

    private static void AssertCompiles(params string[] sources)
    {
        var compilation = GeneratorHarness.NewCompilation(sources);
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + sources[1]);
    }
}
