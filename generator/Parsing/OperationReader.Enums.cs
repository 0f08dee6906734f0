using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

// Enum parameters: their values, member names and descriptions.
internal sealed partial class OperationReader
{
    /// <summary>
    /// A string or integer <c>enum</c> as an extensible struct. Member names come from
    /// <c>x-enum-varnames</c> when the document gives them, else from the value: <c>DAY_30</c> →
    /// <c>Day30</c>, <c>_1</c> → <c>Value1</c>, a value with no ASCII letter or digit →
    /// <c>Value</c> and its position. Descriptions come from <c>x-enum-descriptions</c> (a list in
    /// value order, or an object by value) or <c>x-enumDescriptions</c>.
    /// </summary>
    private EnumModel? ReadEnum(string jsonName, ParameterType type, IOpenApiSchema? schema)
    {
        var isInteger = type is ParameterType.Int32 or ParameterType.Int64;
        if (schema?.Enum is not { Count: > 0 } values || !(isInteger || type == ParameterType.String))
        {
            return null;
        }

        var wire = new List<string>();
        foreach (var value in values)
        {
            string? text = IsNull(value) ? null
                : value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
                : value is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.ToJsonString()
                : null;
            if (text is null || (isInteger && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            {
                // null (a 3.1 nullable enum) is no value to name; anything else makes it no enum.
                if (IsNull(value))
                {
                    continue;
                }

                return null;
            }

            if (!wire.Contains(text))
            {
                wire.Add(text);
            }
        }

        if (wire.Count == 0)
        {
            return null;
        }

        var names = Extension(schema, "x-enum-varnames") as JsonArray;
        var descriptions = Extension(schema, "x-enum-descriptions") ?? Extension(schema, "x-enumDescriptions");
        var typeName = Identifiers.Unique(_operationName + Identifiers.ToPascalCase(jsonName, "Value"), _enumTypeNames);
        var taken = new HashSet<string>(StringComparer.Ordinal) { "Value", "Equals", "GetHashCode", "ToString", "GetType", "ReferenceEquals", "MemberwiseClone", "Finalize", typeName };
        var members = new List<EnumMember>();
        for (var i = 0; i < wire.Count; i++)
        {
            var given = names is not null && i < names.Count && names[i] is JsonValue nameValue && nameValue.GetValueKind() == JsonValueKind.String ? nameValue.GetValue<string>() : null;
            var name = Identifiers.Unique(Identifiers.EnumMemberName(given ?? wire[i], i), taken);
            var description = descriptions switch
            {
                JsonArray list when i < list.Count && list[i] is JsonValue dv && dv.GetValueKind() == JsonValueKind.String => dv.GetValue<string>(),
                JsonObject map when map[wire[i]] is JsonValue mv && mv.GetValueKind() == JsonValueKind.String => mv.GetValue<string>(),
                _ => null,
            };
            members.Add(new EnumMember(name, wire[i], DocumentParser.Clean(description)));
        }

        return new EnumModel(typeName, isInteger, members.ToEquatableArray());
    }

    /// <summary>
    /// Whether a value the reader gives is JSON's null: Microsoft.OpenApi hands a <c>null</c> in an enum
    /// or a default over as a sentinel string, which must never become a value.
    /// </summary>
    internal static bool IsNull(JsonNode? value)
        => value is null || JsonNullSentinel.IsJsonNullSentinel(value) || (value is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    private static JsonNode? Extension(IOpenApiSchema schema, string name)
        => schema.Extensions is { } extensions && extensions.TryGetValue(name, out var extension) && extension is JsonNodeExtension node ? node.Node : null;

    /// <summary>The enum types this operation declares, so no model takes their names.</summary>
    public IReadOnlyCollection<string> EnumTypeNames => _enumTypeNames;
}
