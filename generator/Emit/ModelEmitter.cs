using System.Collections.Generic;
using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>Writes the response envelope class and the model classes of one operation.</summary>
internal static class ModelEmitter
{
    private const string JsonPropertyName = "global::System.Text.Json.Serialization.JsonPropertyName";

    public static void Write(SourceWriter w, ClientModel client, OperationModel operation)
    {
        var response = operation.Response;
        var origin = response.Source switch
        {
            TypeSource.Example => "Types inferred from the document's response example.",
            TypeSource.Schema => "Types read from the document's response schema.",
            _ => "The document describes no response body, so Data is kept as raw JSON.",
        };
        var raw = response.Data.Kind == TypeKind.Any;
        var holds = raw ? "its <c>data</c> as raw JSON" : "a typed <c>data</c>";
        w.Line($"/// <summary>The answer of <see cref=\"{client.ClientName}.{operation.MethodName}Async\"/>: the Just One API envelope with {holds}.</summary>");
        w.Line($"/// <remarks>{origin}</remarks>");
        w.Line(GeneratedCode.Attribute);
        if (raw)
        {
            // Data and WriteTo are the runtime's: only how to make this type is the operation's own.
            using (w.Block($"public sealed partial class {response.TypeName} : {Types.Runtime}.JustOneApiRawResponse"))
            {
                WriteParse(w, response, "Read<" + response.TypeName + ">(utf8Json)", "Read<" + response.TypeName + ">(in utf8Json)");
            }
        }
        else
        {
            using (w.Block($"public sealed partial class {response.TypeName} : {Types.Runtime}.JustOneApiResponse"))
            {
                WriteProperty(w, new PropertyModel("data", "Data", response.Data, "The payload (<c>data</c>)."), rawDescription: true);
                w.Line();

                // The envelope is the runtime's to read; the response holds what is its own: data's type and reader.
                var read = $"{Types.JsonReading}.ReadResponse<{response.TypeName}, {Types.Element(response.Data)}>";
                var data = ReaderEmitter.DataReader(client, operation);
                WriteParse(w, response, $"{read}(utf8Json, {data}, Create)", $"{read}(in utf8Json, {data}, Create)");
                w.Line();
                w.Line($"private static {response.TypeName} Create({Types.Element(response.Data)} data, bool hasData) => new() {{ Data = hasData ? data : {ReaderEmitter.Absent(response.Data)} }};");
                w.Line();
                WriterEmitter.WriteResponse(w, response);
            }
        }

        foreach (var model in response.Models.Where(m => !m.Shared))
        {
            w.Line();
            WriteModel(w, model, $"An object of the {operation.Name} response.");
        }
    }

    /// <summary>The models a client's operations share, declared once with the client (see <c>ModelSharing</c>).</summary>
    public static void WriteShared(SourceWriter w, ClientModel client, IReadOnlyList<ObjectModel> models)
    {
        var first = true;
        foreach (var model in models)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            WriteModel(w, model, $"An object the operations of {client.ClientName} return.");
        }
    }

    private static void WriteModel(SourceWriter w, ObjectModel model, string fallbackDescription)
    {
        GeneratedCode.Summary(w, model.Description ?? fallbackDescription);
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public sealed partial class {model.Name}"))
        {
            foreach (var property in model.Properties)
            {
                WriteProperty(w, property, rawDescription: false);
                w.Line();
            }

            w.Lines($$"""
                /// <summary>Members the document did not describe, or whose value had an unexpected kind, by JSON name.</summary>
                public global::System.Collections.Generic.IReadOnlyDictionary<string, {{Types.JsonElement}}> AdditionalProperties { get; init; } = {{Types.JsonReading}}.NoAdditionalProperties;
                """);
            w.Line();
            WriterEmitter.WriteModel(w, model);
        }
    }

    private static void WriteParse(SourceWriter w, ResponseModel response, string fromSpan, string fromSequence)
    {
        w.Lines($$"""
            /// <summary>Reads a whole response body (UTF-8 JSON) without reflection.</summary>
            /// <param name="utf8Json">The body.</param>
            /// <returns>The response, whatever its <c>Code</c>.</returns>
            /// <exception cref="global::System.Text.Json.JsonException">The body is not JSON, or not the envelope (an object with a <c>code</c>).</exception>
            public static {{response.TypeName}} Parse(global::System.ReadOnlySpan<byte> utf8Json) => {{fromSpan}};

            /// <summary>Reads a whole response body held in several buffers (as it comes from the network) without copying it into one.</summary>
            /// <inheritdoc cref="Parse(global::System.ReadOnlySpan{byte})" path="/*[not(self::summary)]"/>
            public static {{response.TypeName}} Parse(in global::System.Buffers.ReadOnlySequence<byte> utf8Json) => {{fromSequence}};
            """);
    }

    /// <summary>The remark on a member only kept samples hold (<c>xhs openapi update</c> reads it to report the member as kept).</summary>
    public const string KeptBySamplesRemark = "Kept by samples: the document's example no longer has this member; the samples in openapi/samples/ still do, so it stays.";

    private static void WriteProperty(SourceWriter w, PropertyModel property, bool rawDescription)
    {
        var name = Escaping.XmlDocInline(property.JsonName);
        var description = property.Description is null
            ? $"JSON member <c>{name}</c>."
            : rawDescription ? property.Description : Escaping.XmlDocInline(property.Description) + $" (JSON member <c>{name}</c>.)";
        if (property.Sample is not null)
        {
            description += $" Example: <c>{Escaping.XmlDocInline(property.Sample)}</c>.";
        }

        w.Line($"/// <summary>{description}</summary>");
        if (property.KeptBySamples)
        {
            w.Line($"/// <remarks>{KeptBySamplesRemark}</remarks>");
        }

        w.Line($"[{JsonPropertyName}({Escaping.Literal(property.JsonName)})]");
        var initializer = property.Type.Kind == TypeKind.Array ? $" = global::System.Array.Empty<{Types.Element(property.Type.Element!)}>();" : "";
        w.Line($"public {Types.Property(property.Type)} {property.CSharpName} {{ get; init; }}{initializer}");
    }
}
