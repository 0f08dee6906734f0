using System.Globalization;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>
/// Writes the reflection-free <c>WriteTo(Utf8JsonWriter)</c> of the response and of each model, from
/// the same member table the reader uses: members under their JSON names, in the model's order,
/// then the unknown members kept on read, so that read → write → read gives equal values. A member
/// whose value was kept aside on read (it had an unexpected kind) is written once, as it came.
/// </summary>
internal static class WriterEmitter
{
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string JsonWriting = "global::XhsGenerated.Serialization.JsonWriting";

    /// <summary>The response's writer: the envelope's members around a typed <c>data</c>.</summary>
    public static void WriteResponse(SourceWriter w, ResponseModel response)
    {
        Docs(w, "this answer: <c>code</c>, <c>message</c>, <c>data</c>, <c>recordTime</c>, <c>requestId</c>, then the envelope's unknown members");
        using (w.Block($"public void WriteTo({Writer} writer)"))
        {
            w.Line($"{JsonWriting}.WriteEnvelopeStart(writer, this);");
            w.Line("writer.WritePropertyName(\"data\"u8);");
            if (response.Data.Kind == TypeKind.Array)
            {
                WriteValue(w, response.Data, "Data", 0);
            }
            else
            {
                w.Line("if (Data is null) writer.WriteNullValue();");
                using (w.Block("else"))
                {
                    WriteValue(w, response.Data, response.Data.Kind is TypeKind.Object or TypeKind.String ? "Data" : "Data.Value", 0);
                }
            }

            w.Line($"{JsonWriting}.WriteEnvelopeEnd(writer, this);");
        }
    }

    /// <summary>A model's writer.</summary>
    public static void WriteModel(SourceWriter w, ObjectModel model)
    {
        Docs(w, "this object: its members under their JSON names, then the unknown members it kept");
        using (w.Block($"public void WriteTo({Writer} writer)"))
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(writer);");
            w.Line("writer.WriteStartObject();");
            foreach (var property in model.Properties)
            {
                var name = Escaping.Utf8Literal(property.JsonName);
                using (w.Block($"if (!AdditionalProperties.ContainsKey({Escaping.Literal(property.JsonName)}))"))
                {
                    w.Line($"writer.WritePropertyName({name});");
                    if (property.Type.Kind == TypeKind.Array)
                    {
                        WriteValue(w, property.Type, property.CSharpName, 0);
                    }
                    else
                    {
                        w.Line($"if ({property.CSharpName} is null) writer.WriteNullValue();");
                        using (w.Block("else"))
                        {
                            WriteValue(w, property.Type, property.Type.Kind is TypeKind.Object or TypeKind.String ? property.CSharpName : property.CSharpName + ".Value", 0);
                        }
                    }
                }
            }

            w.Line($"{JsonWriting}.WriteAdditional(writer, AdditionalProperties);");
            w.Line("writer.WriteEndObject();");
        }
    }

    /// <summary>Writes one non-null value of <paramref name="type"/> held in <paramref name="expression"/>.</summary>
    private static void WriteValue(SourceWriter w, TypeRef type, string expression, int depth)
    {
        switch (type.Kind)
        {
            case TypeKind.String:
                w.Line($"writer.WriteStringValue({expression});");
                break;
            case TypeKind.Boolean:
                w.Line($"writer.WriteBooleanValue({expression});");
                break;
            case TypeKind.Int64:
                w.Line($"writer.WriteNumberValue({expression});");
                break;
            case TypeKind.Double:
                w.Line($"{JsonWriting}.WriteNumber(writer, {expression});");
                break;
            case TypeKind.Any:
                w.Line($"{expression}.WriteTo(writer);");
                break;
            case TypeKind.Object:
                w.Line($"{expression}.WriteTo(writer);");
                break;
            case TypeKind.Array:
                var item = "item" + depth.ToString(CultureInfo.InvariantCulture);
                w.Line("writer.WriteStartArray();");
                using (w.Block($"foreach (var {item} in {expression})"))
                {
                    WriteValue(w, type.Element!, item, depth + 1);
                }

                w.Line("writer.WriteEndArray();");
                break;
        }
    }

    private static void Docs(SourceWriter w, string what)
    {
        w.Line($"/// <summary>Writes {what}. No reflection: safe under trimming and Native AOT.</summary>");
        w.Line("/// <param name=\"writer\">Where to write.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"writer\"/> is null.</exception>");
    }
}
