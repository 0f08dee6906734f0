using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;
using ModelParameterLocation = XhsGenerated.Generator.Model.ParameterLocation;
using OpenApiParameterLocation = Microsoft.OpenApi.ParameterLocation;

namespace XhsGenerated.Generator.Parsing;

/// <summary>Reads one OpenAPI operation into an <see cref="OperationModel"/>, or skips it with a diagnostic.</summary>
internal sealed partial class OperationReader
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>
    /// Names the emitted methods declare beside the parameters (locals, the paging method's own
    /// parameters): a parameter never takes one, so <c>request</c> becomes <c>request2</c>.
    /// </summary>
    private static readonly string[] EmittedLocalNames = { "cancellationToken", "cancellation", "request", "response", "current", "firstPage", "maxPages" };

    private readonly string _path;
    private readonly string _method;
    private readonly string _pointer;
    private readonly string _fileName;
    private readonly JsonLocator _locator;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly IReadOnlyList<SampleFile> _samples;
    private readonly HashSet<string> _enumTypeNames = new(StringComparer.Ordinal);
    private string _operationName = "";

    public OperationReader(string path, string method, string pointer, string fileName, JsonLocator locator, List<DiagnosticInfo> diagnostics, IReadOnlyList<SampleFile>? samples = null)
    {
        _samples = samples ?? Array.Empty<SampleFile>();
        _path = path;
        _method = method;
        _pointer = pointer;
        _fileName = fileName;
        _locator = locator;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads the operation.</summary>
    /// <param name="pathItem">Its path item.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="chosenName">The names chosen among its document's operations: the method's, and the prefix of its types; null for the id without its verb.</param>
    public DocumentOperation? Read(IOpenApiPathItem pathItem, OpenApiOperation operation, (string Method, string Types)? chosenName = null)
    {
        var location = _locator.Locate(_pointer);
        if (string.IsNullOrWhiteSpace(operation.OperationId))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingOperationId, location, _method, _path));
            return null;
        }

        var operationId = operation.OperationId!.Trim();
        var name = chosenName?.Types ?? Identifiers.OperationName(operationId);
        _operationName = name;
        var parameters = ReadParameters(pathItem, operation, operationId, out var unsupported);
        if (unsupported is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFeature, location, operationId, unsupported));
            return null;
        }

        var paging = parameters.FirstOrDefault(p => p.JsonName == "page" && p.Location == ModelParameterLocation.Query && p.Type is ParameterType.Int32 or ParameterType.Int64);
        var response = ReadResponse(operation, operationId, name);
        var tag = operation.Tags?.Select(t => t.Name).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        var model = new OperationModel(
            name,
            operationId,
            _method,
            _path,
            _fileName,
            DocumentParser.Clean(operation.Summary),
            DocumentParser.Clean(operation.Description),
            operation.Deprecated,
            parameters.ToEquatableArray(),
            operation.RequestBody is not null,
            paging?.CSharpName,
            response)
        {
            MethodName = chosenName?.Method ?? name,
        };
        return new DocumentOperation(Identifiers.ClientNameFromTag(tag), model, location);
    }

    private List<ParameterModel> ReadParameters(IOpenApiPathItem pathItem, OpenApiOperation operation, string operationId, out string? unsupported)
    {
        unsupported = null;
        var result = new List<ParameterModel>();
        var taken = new HashSet<string>(EmittedLocalNames, StringComparer.Ordinal);

        // Operation parameters override path-item parameters of the same name and place.
        var declared = (pathItem.Parameters ?? Array.Empty<IOpenApiParameter>())
            .Where(p => !(operation.Parameters ?? Array.Empty<IOpenApiParameter>()).Any(o => o.Name == p.Name && o.In == p.In))
            .Concat(operation.Parameters ?? Array.Empty<IOpenApiParameter>());
        foreach (var parameter in declared)
        {
            if (string.IsNullOrEmpty(parameter.Name))
            {
                continue;
            }

            ModelParameterLocation location;
            switch (parameter.In)
            {
                case OpenApiParameterLocation.Query:
                    location = ModelParameterLocation.Query;
                    break;
                case OpenApiParameterLocation.Path:
                    location = ModelParameterLocation.Path;
                    break;
                default:
                    unsupported = $"parameter '{parameter.Name}' in {parameter.In?.ToString().ToLowerInvariant() ?? "an unknown place"}";
                    return result;
            }

            if (parameter.Name == DocumentParser.TokenParameter && location == ModelParameterLocation.Query)
            {
                continue;
            }

            var model = ReadParameter(parameter.Name!, location, parameter.Required || location == ModelParameterLocation.Path, parameter.Description, parameter.Schema, operationId, taken, out unsupported);
            if (unsupported is not null)
            {
                return result;
            }

            result.Add(model);
        }

        if (operation.RequestBody is { } body)
        {
            var content = body.Content ?? new Dictionary<string, IOpenApiMediaType>();
            if (!content.TryGetValue(FormContentType, out var form) || form.Schema?.Properties is null)
            {
                unsupported = content.Count == 0 ? "a request body without content" : $"a '{content.Keys.OrderBy(k => k, StringComparer.Ordinal).First()}' request body";
                return result;
            }

            var required = form.Schema.Required ?? new HashSet<string>();
            foreach (var property in form.Schema.Properties.OrderBy(p => required.Contains(p.Key) ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                if (property.Key == DocumentParser.TokenParameter || string.IsNullOrEmpty(property.Key))
                {
                    continue;
                }

                var model = ReadParameter(property.Key, ModelParameterLocation.Form, required.Contains(property.Key), property.Value.Description, property.Value, operationId, taken, out unsupported);
                if (unsupported is not null)
                {
                    return result;
                }

                result.Add(model);
            }
        }

        // Required parameters first (C# wants optional ones last), each group in document order.
        return result.Where(p => p.Required).Concat(result.Where(p => !p.Required)).ToList();
    }

    private ParameterModel ReadParameter(
        string jsonName,
        ModelParameterLocation location,
        bool required,
        string? description,
        IOpenApiSchema? schema,
        string operationId,
        HashSet<string> taken,
        out string? unsupported)
    {
        unsupported = null;
        var type = ParameterType.String;
        var schemaType = schema?.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
        switch (schemaType)
        {
            case null:
            case JsonSchemaType.String:
                break;
            case JsonSchemaType.Integer:
                type = schema!.Format == "int64" ? ParameterType.Int64 : ParameterType.Int32;
                break;
            case JsonSchemaType.Number:
                type = ParameterType.Double;
                break;
            case JsonSchemaType.Boolean:
                type = ParameterType.Boolean;
                break;
            default:
                unsupported = $"parameter '{jsonName}' of type {schemaType.Value.ToString().ToLowerInvariant()}";
                break;
        }

        var csharpName = Identifiers.Unique(Identifiers.ToCamelCase(jsonName), taken);
        if (csharpName.TrimStart('@') != Identifiers.ToCamelCase(jsonName).TrimStart('@') || !IsPlain(jsonName))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IdentifierChanged, _locator.Locate(_pointer), jsonName, csharpName, "not usable as it is: a parameter of " + operationId));
        }

        var allowed = (schema?.Enum ?? Array.Empty<JsonNode>())
            .Where(v => !IsNull(v))
            .Select(v => v is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : v?.ToJsonString())
            .Where(v => v is not null)
            .Select(v => v!)
            .ToEquatableArray();
        // Bounds are checked on integers only, and only where the C# type can hold them.
        var isInteger = type is ParameterType.Int32 or ParameterType.Int64;
        var isPage = jsonName == "page" && isInteger;
        var (lowest, highest) = type == ParameterType.Int32 ? (int.MinValue, int.MaxValue) : (long.MinValue, long.MaxValue);
        var minimum = isInteger ? ParseBound(schema?.Minimum, ceiling: true, lowest, highest) ?? (isPage ? 1 : null) : null;
        var maximum = isInteger ? ParseBound(schema?.Maximum, ceiling: false, lowest, highest) : null;
        var enumModel = ReadEnum(jsonName, type, schema);
        return new ParameterModel(
            jsonName,
            csharpName,
            location,
            type,
            required,
            DocumentParser.Clean(description),
            schema?.Default is { } d && !IsNull(d) ? (d is JsonValue dv && dv.GetValueKind() == JsonValueKind.String ? dv.GetValue<string>() : d.ToJsonString()) : null,
            enumModel is null ? minimum : null,
            enumModel is null ? maximum : null,
            allowed,
            enumModel);
    }

    private static bool IsPlain(string name) => name.All(c => char.IsLetterOrDigit(c) || c == '_') && !char.IsDigit(name[0]);

    /// <summary>An integer bound (a fractional minimum rounds up, a maximum down), or null when the type cannot hold it.</summary>
    private static long? ParseBound(string? value, bool ceiling, long lowest, long highest)
    {
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return null;
        }

        var rounded = ceiling ? Math.Ceiling(d) : Math.Floor(d);
        return rounded >= lowest && rounded <= highest ? (long)rounded : null;
    }
}
