using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

// The response: which one carries JSON, its example and samples, and the data type built from them.
internal sealed partial class OperationReader
{
    private ResponseModel ReadResponse(OpenApiOperation operation, string operationId, string name)
    {
        var typeName = name + "Response";
        var (schema, example, pointer) = FindJsonResponse(operation);
        var builder = new ResponseTypeBuilder(name, new[] { typeName, name + "JsonReader" }.Concat(_enumTypeNames));

        // The envelope's "data" is what gets typed; code, message and the rest live in the runtime's base class.
        var dataSchema = schema?.Properties is { } props && props.TryGetValue("data", out var ds) ? ds : null;
        JsonNode? exampleData = null;
        var dataExample = example is JsonObject envelope && envelope.TryGetPropertyValue("data", out exampleData) ? JsonShape.Of(exampleData) : null;
        var samples = Samples.ReadData(_samples.Where(s => s.OperationId == operationId), _diagnostics);
        if (samples.Count > 0)
        {
            // Every sample widens the example's shape; what the example alone says is compared with them.
            var sampleShape = new JsonShape();
            foreach (var (value, _) in samples)
            {
                sampleShape.Add(value);
            }

            Samples.ReportChanges(operationId, dataExample, exampleData, sampleShape, pointer ?? _pointer, _locator, _diagnostics);
            dataExample ??= new JsonShape();
            foreach (var (value, _) in samples)
            {
                dataExample.Add(value, fromSample: true);
            }
        }

        var data = builder.Build(dataSchema, dataExample, "Data");

        foreach (var reference in builder.Unresolved)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpenApiProblem, _locator.Locate(pointer ?? _pointer), $"the schema reference '{reference}' of operation '{operationId}' points at nothing or only at itself; the example typed that place instead"));
        }

        foreach (var rename in builder.Renames)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IdentifierChanged, _locator.Locate(pointer ?? _pointer), rename.JsonName, rename.CSharpName, rename.Reason));
        }

        var source = dataSchema is not null ? TypeSource.Schema : dataExample is not null ? TypeSource.Example : TypeSource.None;
        if (source == TypeSource.Example)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InferredFromExample, _locator.Locate(pointer ?? _pointer), operationId, typeName));
        }

        return new ResponseModel(typeName, data, builder.Models, source);
    }

    private (IOpenApiSchema? Schema, JsonNode? Example, string? ExamplePointer) FindJsonResponse(OpenApiOperation operation)
    {
        if (operation.Responses is null)
        {
            return (null, null, null);
        }

        // 200 first, then the other 2xx in order, then "default".
        var candidates = operation.Responses
            .Where(r => r.Key == "200" || (r.Key.StartsWith("2", StringComparison.Ordinal) && r.Key.Length == 3) || r.Key == "default")
            .OrderBy(r => r.Key == "200" ? 0 : r.Key == "default" ? 2 : 1)
            .ThenBy(r => r.Key, StringComparer.Ordinal);
        foreach (var response in candidates)
        {
            var content = response.Value.Content;
            if (content is null)
            {
                continue;
            }

            foreach (var media in content.OrderBy(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(c => c.Key, StringComparer.Ordinal))
            {
                if (!media.Key.Contains("json") && media.Key != "*/*")
                {
                    continue;
                }

                var mediaPointer = _pointer + "/responses/" + DocumentParser.Escape(response.Key) + "/content/" + DocumentParser.Escape(media.Key);
                var example = media.Value.Example;
                var examplePointer = mediaPointer + "/example";
                if (example is null && media.Value.Examples is { Count: > 0 } examples)
                {
                    var first = examples.OrderBy(e => e.Key, StringComparer.Ordinal).First();
                    example = first.Value.Value;
                    examplePointer = mediaPointer + "/examples/" + DocumentParser.Escape(first.Key) + "/value";
                }

                return (media.Value.Schema, example, example is null ? mediaPointer : examplePointer);
            }
        }

        return (null, null, null);
    }
}
