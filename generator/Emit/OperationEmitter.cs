using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>Writes one operation: its client method(s), its response models and their reader.</summary>
internal static class OperationEmitter
{
    public static string HintName(ClientModel client, OperationModel operation)
        => HintNames.Of(client.Namespace, client.ClientName, operation.Name);

    public static string Emit(ClientModel client, OperationModel operation)
    {
        var w = GeneratedCode.StartFile(client.Namespace);
        using (w.Block($"public sealed partial class {client.ClientName}"))
        {
            WriteMethod(w, operation);
            // Chosen before the client's models were merged (ModelSharing); an operation never grouped has its own.
            var items = operation.PageItems ?? (operation.Response.Models.Any(m => m.Shared) ? null : PagingItems.Find(operation));
            if (operation.PagingParameter is not null && items is not null)
            {
                w.Line();
                WritePagesMethod(w, operation, items);
            }
        }

        EnumEmitter.Write(w, client, operation);
        w.Line();
        ModelEmitter.Write(w, client, operation);
        ReaderEmitter.Write(w, client, operation);
        return w.ToString();
    }

    private static void WriteMethod(SourceWriter w, OperationModel operation)
    {
        var response = operation.Response.TypeName;
        WriteDocs(w, operation, "The API's answer; its <c>Code</c> is 0 (any other code throws).");
        var signature = string.Join(", ", operation.Parameters.Select(Declaration).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken = default" }));
        using (w.Block($"public global::System.Threading.Tasks.Task<{response}> {operation.MethodName}Async({signature})"))
        {
            WriteGuards(w, operation.Parameters);
            WriteRequest(w, operation, operation.Parameters);
            w.Line($"return _transport.SendAsync(request, static (in global::System.Buffers.ReadOnlySequence<byte> body) => {response}.Parse(in body), cancellationToken);");
        }
    }

    private static void WritePagesMethod(SourceWriter w, OperationModel operation, PropertyModel items)
    {
        var page = operation.Parameters.First(p => p.CSharpName == operation.PagingParameter);
        var others = operation.Parameters.Where(p => p != page).ToList();
        var pageType = Types.ParameterType(page.Type);
        var response = operation.Response.TypeName;
        var min = (page.Minimum ?? 1).ToString(CultureInfo.InvariantCulture);

        w.Line($"/// <summary>Pages through <see cref=\"{operation.MethodName}Async\"/>: one response per page, from <paramref name=\"firstPage\"/> on, until a page has no <c>{Escaping.XmlDocInline(items.JsonName)}</c> or <paramref name=\"maxPages\"/> pages were read.</summary>");
        foreach (var parameter in others)
        {
            w.Line($"/// <param name=\"{parameter.CSharpName.TrimStart('@')}\">{Escaping.XmlDocInline(ParameterDescription(parameter))}</param>");
        }

        w.Line("/// <param name=\"firstPage\">The first page to read.</param>");
        w.Line("/// <param name=\"maxPages\">The most pages to read; null reads until a page comes back empty.</param>");
        w.Line("/// <param name=\"cancellationToken\">Stops the enumeration and cancels the request in flight.</param>");
        w.Line($"/// <returns>The responses, one per page, lazily: a page is requested when the previous one has been consumed.</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"firstPage\"/> is less than {min} or <paramref name=\"maxPages\"/> is less than 1.</exception>");
        w.Line($"/// <exception cref=\"{Types.Runtime}.JustOneApiException\">A page failed (a subclass names the business code).</exception>");
        var obsolete = operation.Deprecated ? "[global::System.Obsolete(\"The API marks this operation as deprecated.\")]" : null;
        if (obsolete is not null)
        {
            w.Line(obsolete);
        }

        var signature = string.Join(", ", others.Select(Declaration).Concat(new[]
        {
            $"{pageType} firstPage = {min}",
            "int? maxPages = null",
            "global::System.Threading.CancellationToken cancellationToken = default",
        }));
        using (w.Block($"public global::System.Collections.Generic.IAsyncEnumerable<{response}> {operation.MethodName}PagesAsync({signature})"))
        {
            WriteGuards(w, others);
            w.Line($"{Types.Runtime}.ArgumentGuard.InRange(firstPage, {min}, null);");
            w.Line($"{Types.Runtime}.ArgumentGuard.InRange(maxPages, 1, null);");
            // One shared async iterator in the runtime (a state machine per operation cost the compiler
            // more than the rest of the operation); the page lambda converts the runtime's long page.
            var call = string.Join(", ", operation.Parameters.Select(p => p == page ? $"{p.CSharpName}: {(pageType == "int" ? "(int)current" : "current")}" : $"{p.CSharpName}: {p.CSharpName}").Concat(new[] { "cancellationToken: cancellation" }));
            var dataIsList = operation.Response.Data.Kind == TypeKind.Array;
            var count = dataIsList ? "response.Data?.Count ?? 0" : $"response.Data?.{items.CSharpName}.Count ?? 0";
            // Every name here is in OperationReader.EmittedLocalNames: no parameter takes one.
            w.Line($"return {Types.Runtime}.Http.JustOneApiPaging.Pages<{response}>((current, cancellation) => {operation.MethodName}Async({call}), static response => {count}, firstPage, maxPages, cancellationToken);");
        }
    }

    private static void WriteDocs(SourceWriter w, OperationModel operation, string returns)
    {
        var summary = operation.Summary ?? operation.Description ?? operation.OperationId;
        var remarks = (operation.Description is not null && operation.Description != summary ? operation.Description + "\n\n" : "")
            + $"{operation.HttpMethod} {operation.Path} (operation {operation.OperationId} in {operation.SourceDocument}).";
        GeneratedCode.Summary(w, summary, remarks);
        foreach (var parameter in operation.Parameters)
        {
            var text = ParameterDescription(parameter);
            if (!parameter.Required)
            {
                text += parameter.DefaultValue is null ? " Not sent when null." : $" Not sent when null (the server then uses {parameter.DefaultValue}).";
            }

            if (!parameter.AllowedValues.IsEmpty)
            {
                text += " Allowed values: " + string.Join(", ", parameter.AllowedValues) + ".";
            }

            w.Line($"/// <param name=\"{parameter.CSharpName.TrimStart('@')}\">{Escaping.XmlDocInline(text)}</param>");
        }

        w.Line("/// <param name=\"cancellationToken\">Cancels the call, including any wait between retries.</param>");
        w.Line($"/// <returns>{returns}</returns>");
        foreach (var parameter in operation.Parameters.Where(p => p.Required && p.Type == ParameterType.String))
        {
            w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{parameter.CSharpName.TrimStart('@')}\"/> is null, empty or white space.</exception>");
        }

        foreach (var parameter in operation.Parameters.Where(p => p.Minimum is not null || p.Maximum is not null))
        {
            w.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"{parameter.CSharpName.TrimStart('@')}\"/> is {Range(parameter)}.</exception>");
        }

        w.Line($"/// <exception cref=\"{Types.Runtime}.JustOneApiException\">The API answered with a non-zero code (a subclass such as <see cref=\"{Types.Runtime}.InvalidTokenException\"/> names it), or the request failed after its retries.</exception>");
        w.Line("/// <exception cref=\"global::System.OperationCanceledException\"><paramref name=\"cancellationToken\"/> was canceled.</exception>");
        if (operation.Deprecated)
        {
            w.Line("[global::System.Obsolete(\"The API marks this operation as deprecated.\")]");
        }
    }

    private static string ParameterDescription(ParameterModel parameter)
        => parameter.Description ?? $"The '{parameter.JsonName}' parameter.";

    private static string Range(ParameterModel parameter)
    {
        var parts = new List<string>();
        if (parameter.Minimum is { } min)
        {
            parts.Add("less than " + min.ToString(CultureInfo.InvariantCulture));
        }

        if (parameter.Maximum is { } max)
        {
            parts.Add("greater than " + max.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(" or ", parts);
    }

    private static string Declaration(ParameterModel parameter)
        => parameter.Required
            ? $"{TypeOf(parameter)} {parameter.CSharpName}"
            : $"{TypeOf(parameter)}? {parameter.CSharpName} = null";

    /// <summary>The parameter's C# type: its enum struct, or the primitive.</summary>
    private static string TypeOf(ParameterModel parameter) => parameter.Enum?.TypeName ?? Types.ParameterType(parameter.Type);

    private static void WriteGuards(SourceWriter w, IEnumerable<ParameterModel> parameters)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Required && parameter.Type == ParameterType.String)
            {
                w.Line(parameter.Enum is null
                    ? $"{Types.Runtime}.ArgumentGuard.NotNullOrWhiteSpace({parameter.CSharpName});"
                    : $"{Types.Runtime}.ArgumentGuard.NotNullOrWhiteSpace({parameter.CSharpName}.Value, nameof({parameter.CSharpName}));");
            }

            if (parameter.Minimum is not null || parameter.Maximum is not null)
            {
                var min = parameter.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "null";
                var max = parameter.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "null";
                w.Line($"{Types.Runtime}.ArgumentGuard.InRange({parameter.CSharpName}, {min}, {max});");
            }
        }
    }

    private static void WriteRequest(SourceWriter w, OperationModel operation, IEnumerable<ParameterModel> parameters)
    {
        var form = operation.FormBody ? " { SendAsForm = true }" : "";
        w.Line($"var request = new {Types.Runtime}.Http.JustOneApiRequest({Escaping.Literal(operation.HttpMethod)}, {Escaping.Literal(operation.Path)}, {Escaping.Literal(operation.OperationId)}){form};");
        foreach (var parameter in parameters)
        {
            var add = parameter.Location switch
            {
                ParameterLocation.Path => "AddPath",
                ParameterLocation.Form => "AddForm",
                _ => "AddQuery",
            };
            var name = Escaping.Literal(parameter.JsonName);
            if (parameter.Required)
            {
                w.Line($"request.{add}({name}, {parameter.CSharpName}{(parameter.Enum is null ? "" : ".Value")});");
            }
            else if (parameter.Enum is not null)
            {
                w.Line($"if ({parameter.CSharpName}.HasValue) request.{add}({name}, {parameter.CSharpName}.Value.Value);");
            }
            else if (parameter.Type == ParameterType.String)
            {
                w.Line($"if ({parameter.CSharpName} is not null) request.{add}({name}, {parameter.CSharpName});");
            }
            else
            {
                w.Line($"if ({parameter.CSharpName}.HasValue) request.{add}({name}, {parameter.CSharpName}.Value);");
            }
        }
    }
}

/// <summary>Chooses the list that tells whether a page has items.</summary>
internal static class PagingItems
{
    /// <summary>
    /// The list property of <c>data</c> that holds a page's items: the one whose name the operation
    /// names (<c>users</c> for <c>SearchUserV2</c>), else the first list of objects, else the first list.
    /// For a <c>data</c> that is itself a list, a stand-in property named <c>data</c>.
    /// </summary>
    public static PropertyModel? Find(OperationModel operation)
    {
        var data = operation.Response.Data;
        if (data.Kind == TypeKind.Array)
        {
            return new PropertyModel("data", "Data", data, null);
        }

        if (data.Kind != TypeKind.Object)
        {
            return null;
        }

        var model = operation.Response.Models.FirstOrDefault(m => m.Name == data.ModelName);
        var lists = model?.Properties.Where(p => p.Type.Kind == TypeKind.Array).ToList() ?? new List<PropertyModel>();
        var operationName = operation.Name.ToLowerInvariant();
        return lists.FirstOrDefault(p => operationName.Contains(Parsing.Identifiers.Singularize(p.CSharpName).ToLowerInvariant()))
            ?? lists.FirstOrDefault(p => p.Type.Element!.Kind == TypeKind.Object)
            ?? lists.FirstOrDefault();
    }
}
