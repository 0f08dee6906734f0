using System.Globalization;
using System.Linq;
using System.Text;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>
/// JSON Schema (draft 2020-12) of an operation's tool, as compact JSON text: the input from its
/// parameters (the token is never one), the output from its inferred response type, with every model
/// under <c>$defs</c> so that shared and recursive models are written once.
/// </summary>
internal static class JsonSchemaText
{
    public static string Input(OperationModel operation)
    {
        var json = new StringBuilder("{\"type\":\"object\",\"properties\":{");
        var first = true;
        foreach (var parameter in operation.Parameters)
        {
            json.Append(first ? "" : ",").Append(String(parameter.JsonName)).Append(':');
            first = false;
            Parameter(json, parameter, parameter.CSharpName == operation.PagingParameter);
        }

        json.Append('}');
        var required = operation.Parameters.Where(p => p.Required).Select(p => String(p.JsonName)).ToList();
        if (required.Count > 0)
        {
            json.Append(",\"required\":[").Append(string.Join(",", required)).Append(']');
        }

        return json.Append(",\"additionalProperties\":false}").ToString();
    }

    public static string Output(ResponseModel response)
    {
        var json = new StringBuilder("{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"integer\",\"description\":\"0: success; 201: no content (billed), data null.\"},\"message\":{\"type\":[\"string\",\"null\"]},\"data\":");
        Type(json, response.Data, nullable: true);
        json.Append(",\"recordTime\":{\"type\":[\"string\",\"null\"]},\"requestId\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"code\"]");
        if (!response.Models.IsEmpty)
        {
            json.Append(",\"$defs\":{");
            var first = true;
            foreach (var model in response.Models)
            {
                json.Append(first ? "" : ",").Append(String(model.Name)).Append(":{\"type\":\"object\"");
                first = false;
                if (model.Description is { Length: > 0 } description)
                {
                    json.Append(",\"description\":").Append(String(description));
                }

                json.Append(",\"properties\":{");
                var firstProperty = true;
                foreach (var property in model.Properties)
                {
                    json.Append(firstProperty ? "" : ",").Append(String(property.JsonName)).Append(':');
                    firstProperty = false;
                    Type(json, property.Type, nullable: property.Type.Kind != TypeKind.Array, property.Description);
                }

                json.Append("}}");
            }

            json.Append('}');
        }

        return json.Append('}').ToString();
    }

    private static void Parameter(StringBuilder json, ParameterModel parameter, bool paging)
    {
        var type = parameter.Enum is { IsInteger: true } ? "integer" : parameter.Type switch
        {
            ParameterType.Int32 or ParameterType.Int64 => "integer",
            ParameterType.Double => "number",
            ParameterType.Boolean => "boolean",
            _ => "string",
        };
        json.Append("{\"type\":\"").Append(type).Append('"');
        var description = parameter.Description ?? $"The '{parameter.JsonName}' parameter.";
        if (parameter.Enum is { } values && !values.Members.IsEmpty)
        {
            json.Append(",\"enum\":[").Append(string.Join(",", values.Members.Select(m => values.IsInteger ? m.Value : String(m.Value)))).Append(']');
            var described = values.Members.Where(m => !string.IsNullOrWhiteSpace(m.Description)).Select(m => $"{m.Value}: {m.Description}").ToList();
            if (described.Count > 0)
            {
                description += " Values: " + string.Join("; ", described) + ".";
            }

            if (!values.IsInteger)
            {
                description += " Other values are passed through as given.";
            }
        }
        else if (!parameter.AllowedValues.IsEmpty)
        {
            json.Append(",\"enum\":[").Append(string.Join(",", parameter.AllowedValues.Select(String))).Append(']');
        }

        json.Append(",\"description\":").Append(String(description));

        // Pages are counted from 1: a paging parameter without a documented minimum still has that one.
        if ((parameter.Minimum ?? (paging ? 1 : null)) is { } minimum && type == "integer")
        {
            json.Append(",\"minimum\":").Append(minimum.ToString(CultureInfo.InvariantCulture));
        }

        if (parameter.Maximum is { } maximum && type == "integer")
        {
            json.Append(",\"maximum\":").Append(maximum.ToString(CultureInfo.InvariantCulture));
        }

        if (parameter.DefaultValue is { } value && Default(type, value) is { } text)
        {
            json.Append(",\"default\":").Append(text);
        }

        json.Append('}');
    }

    /// <summary>A default as JSON of the parameter's type, or null when the document's default is not one.</summary>
    private static string? Default(string type, string value) => type switch
    {
        "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.InvariantCulture) : null,
        "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real) && !double.IsNaN(real) ? real.ToString("R", CultureInfo.InvariantCulture) : null,
        "boolean" => value is "true" or "false" ? value : null,
        _ => String(value),
    };

    private static void Type(StringBuilder json, TypeRef type, bool nullable, string? description = null)
    {
        var start = json.Length;
        switch (type.Kind)
        {
            case TypeKind.Object:
                json.Append(nullable ? "{\"anyOf\":[{\"$ref\":\"#/$defs/" : "{\"$ref\":\"#/$defs/").Append(Pointer(type.ModelName!)).Append(nullable ? "\"},{\"type\":\"null\"}]" : "\"");
                break;
            case TypeKind.Array:
                json.Append("{\"type\":\"array\",\"items\":");
                Type(json, type.Element!, nullable: false);
                break;
            case TypeKind.Any:
                json.Append('{');
                break;
            default:
                var name = type.Kind switch { TypeKind.String => "string", TypeKind.Boolean => "boolean", TypeKind.Int64 => "integer", _ => "number" };
                json.Append(nullable ? $"{{\"type\":[\"{name}\",\"null\"]" : $"{{\"type\":\"{name}\"");
                break;
        }

        if (description is { Length: > 0 })
        {
            json.Append(json.Length - start > 1 ? "," : "").Append("\"description\":").Append(String(description));
        }

        json.Append('}');
    }

    /// <summary>A JSON Pointer token (RFC 6901), itself escaped for a JSON string by the caller's quoting.</summary>
    private static string Pointer(string name) => Escape(name.Replace("~", "~0").Replace("/", "~1"));

    /// <summary>A JSON string literal, quotes included: every control character, quote and backslash escaped, lone surrogates replaced.</summary>
    public static string String(string value) => "\"" + Escape(value) + "\"";

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append("\\ufffd");
            }
            else if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '\u007f')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
