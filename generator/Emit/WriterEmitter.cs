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
            WriteMember(w, response.Data, "Data");
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
                // A scalar in one call; a model or a list after the runtime has started the member.
                var name = Escaping.Utf8Literal(property.JsonName);
                if (property.Type.Kind is TypeKind.Object or TypeKind.Array)
                {
                    using (w.Block($"if ({JsonWriting}.StartMember(writer, {name}, AdditionalProperties))"))
                    {
                        WriteMember(w, property.Type, property.CSharpName);
                    }
                }
                else
                {
                    var kind = property.Type.Kind == TypeKind.Any ? "Element" : property.Type.Kind.ToString();
                    w.Line($"{JsonWriting}.Write{kind}(writer, {name}, {property.CSharpName}, AdditionalProperties);");
                }
            }

            w.Line($"{JsonWriting}.WriteAdditional(writer, AdditionalProperties);");
            w.Line("writer.WriteEndObject();");
        }
    }

    /// <summary>Writes a member's value: a list as an array, a null scalar or model as JSON null.</summary>
    private static void WriteMember(SourceWriter w, TypeRef type, string member)
    {
        if (type.Kind == TypeKind.Array)
        {
            WriteValue(w, type, member, 0);
            return;
        }

        w.Line($"if ({member} is null) writer.WriteNullValue();");
        w.Line("else " + ValueStatement(type, type.Kind is TypeKind.Object or TypeKind.String ? member : member + ".Value"));
    }

    /// <summary>Writes one non-null value of <paramref name="type"/> held in <paramref name="expression"/>.</summary>
    private static void WriteValue(SourceWriter w, TypeRef type, string expression, int depth)
    {
        if (type.Kind != TypeKind.Array)
        {
            w.Line(ValueStatement(type, expression));
            return;
        }

        var item = "item" + depth.ToString(CultureInfo.InvariantCulture);
        w.Line("writer.WriteStartArray();");
        using (w.Block($"foreach (var {item} in {expression})"))
        {
            WriteValue(w, type.Element!, item, depth + 1);
        }

        w.Line("writer.WriteEndArray();");
    }

    /// <summary>The one statement that writes a non-null scalar or model.</summary>
    private static string ValueStatement(TypeRef type, string expression) => type.Kind switch
    {
        TypeKind.String => $"writer.WriteStringValue({expression});",
        TypeKind.Boolean => $"writer.WriteBooleanValue({expression});",
        TypeKind.Int64 => $"writer.WriteNumberValue({expression});",
        TypeKind.Double => $"{JsonWriting}.WriteNumber(writer, {expression});",
        _ => $"{expression}.WriteTo(writer);",
    };

    private static void Docs(SourceWriter w, string what)
    {
        w.Line($"/// <summary>Writes {what}. No reflection: safe under trimming and Native AOT.</summary>");
        w.Line("/// <param name=\"writer\">Where to write.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"writer\"/> is null.</exception>");
    }
}
