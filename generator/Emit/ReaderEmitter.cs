using System.Collections.Generic;
using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>
/// Writes the reflection-free reader of one operation's response: a <c>Utf8JsonReader</c> loop per
/// model, property names matched as UTF-8 bytes by length then content, no allocation for known
/// names. Reading tolerates drift: a missing member stays null, a member of an unexpected kind goes
/// to <c>AdditionalProperties</c> with its property left null, numeric strings read as numbers and
/// numbers as strings. Only malformed JSON, or a body that is not the envelope, throws.
/// </summary>
internal static class ReaderEmitter
{
    public static string ClassName(OperationModel operation) => operation.Name + "JsonReader";

    public static void Write(SourceWriter w, string ns, OperationModel operation)
    {
        var response = operation.Response;
        var lists = new SortedDictionary<string, TypeRef>(System.StringComparer.Ordinal);
        CollectLists(response.Data, lists);
        foreach (var model in response.Models)
        {
            foreach (var property in model.Properties)
            {
                CollectLists(property.Type, lists);
            }
        }

        // Qualified: the class's own methods (ReadX, ToResponse) may share the type's simple name.
        w.Line($"/// <summary>Reads <see cref=\"global::{ns}.{response.TypeName}\"/> and its models from UTF-8 JSON.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"internal static class {ClassName(operation)}"))
        {
            WriteResponseReader(w, response);
            foreach (var model in response.Models)
            {
                w.Line();
                WriteModelReader(w, model);
                var readAsItem = response.Data.ModelName == model.Name
                    || lists.Values.Any(l => l.Element!.Kind == TypeKind.Object && l.Element.ModelName == model.Name);
                if (readAsItem)
                {
                    w.Line();
                    w.Lines($$"""
                        public static bool TryRead{{model.Name}}(ref {{Types.Reader}} reader, out {{model.Name}} value)
                        {
                            value = reader.TokenType == global::System.Text.Json.JsonTokenType.StartObject ? Read{{model.Name}}(ref reader) : null!;
                            return value is not null;
                        }
                        """);
                }
            }

            foreach (var list in lists.Values)
            {
                w.Line();
                WriteListReader(w, list);
            }
        }
    }

    /// <summary>The envelope is the runtime's to read; only <c>data</c>'s type and reader are this operation's.</summary>
    private static void WriteResponseReader(SourceWriter w, ResponseModel response)
    {
        var absent = response.Data.Kind == TypeKind.Array ? Default(response.Data) : "null";
        w.Lines($$"""
            public static {{response.TypeName}} ReadResponse(global::System.ReadOnlySpan<byte> utf8Json)
            {
                var envelope = {{Types.JsonReading}}.ReadEnvelope<{{Types.Element(response.Data)}}>(utf8Json, {{ItemReader(response.Data)}}, out var data, out var hasData);
                return ToResponse(envelope, data, hasData);
            }

            public static {{response.TypeName}} ReadResponse(in global::System.Buffers.ReadOnlySequence<byte> utf8Json)
            {
                var envelope = {{Types.JsonReading}}.ReadEnvelope<{{Types.Element(response.Data)}}>(in utf8Json, {{ItemReader(response.Data)}}, out var data, out var hasData);
                return ToResponse(envelope, data, hasData);
            }

            private static {{response.TypeName}} ToResponse(global::XhsGenerated.Serialization.JsonEnvelope envelope, {{Types.Element(response.Data)}} data, bool hasData) => new {{response.TypeName}}
            {
                Code = envelope.Code,
                Message = envelope.Message,
                RecordTime = envelope.RecordTime,
                RequestId = envelope.RequestId,
                AdditionalProperties = {{Types.JsonReading}}.Finish(envelope.Additional),
                Data = hasData ? data : {{absent}},
            };
            """);
    }

    private static void WriteModelReader(SourceWriter w, ObjectModel model)
    {
        var locals = model.Properties.Select((p, i) => (Property: p, Local: "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        using (w.Block($"public static {model.Name} Read{model.Name}(ref {Types.Reader} reader)"))
        {
            foreach (var (property, local) in locals)
            {
                w.Line($"{Types.Property(property.Type)} {local} = {Default(property.Type)};");
            }

            w.Line($"global::System.Collections.Generic.Dictionary<string, {Types.JsonElement}>? additional = null;");
            if (model.Properties.Any(p => p.Type.Kind == TypeKind.String))
            {
                // The thread's table of repeated strings, fetched once per object rather than per string.
                w.Line("var strings = global::XhsGenerated.Serialization.RepeatedStrings.Current;");
            }

            using (w.Block($"while ({Types.JsonReading}.NextProperty(ref reader))"))
            {
                w.Line($"var member = {Types.JsonReading}.PropertyName(ref reader);");
                using (w.Block("switch (member.Length)"))
                {
                    foreach (var (property, local) in locals.OrderBy(l => System.Text.Encoding.UTF8.GetByteCount(l.Property.JsonName)).ThenBy(l => l.Property.JsonName, System.StringComparer.Ordinal))
                    {
                        var length = System.Text.Encoding.UTF8.GetByteCount(property.JsonName);
                        w.Line($"case {length} when global::System.MemoryExtensions.SequenceEqual(member, {Escaping.Utf8Literal(property.JsonName)}):");
                        using (new Indent(w))
                        {
                            WriteValueRead(w, property.Type, local);
                            w.Line("break;");
                        }
                    }

                    w.Line("default:");
                    using (new Indent(w))
                    {
                        w.Line($"{Types.JsonReading}.Keep(ref additional, member, ref reader);");
                        w.Line("break;");
                    }
                }
            }

            w.Line();
            using (w.Block($"return new {model.Name}", ";"))
            {
                foreach (var (property, local) in locals)
                {
                    w.Line($"{property.CSharpName} = {local},");
                }

                w.Line($"AdditionalProperties = {Types.JsonReading}.Finish(additional),");
            }
        }
    }

    /// <summary>Reads the value under the reader into <paramref name="target"/>, or keeps it in the model's additional members.</summary>
    private static void WriteValueRead(SourceWriter w, TypeRef type, string target)
    {
        switch (type.Kind)
        {
            case TypeKind.Any:
                w.Line($"{target} = {Types.JsonReading}.ReadAny(ref reader);");
                break;
            case TypeKind.Object:
                w.Line($"if (reader.TokenType == global::System.Text.Json.JsonTokenType.StartObject) {target} = Read{type.ModelName}(ref reader);");
                w.Line($"else if (reader.TokenType != global::System.Text.Json.JsonTokenType.Null) {Types.JsonReading}.Keep(ref additional, member, ref reader);");
                break;
            case TypeKind.Array:
                // The list's reader, or (rewound) the whole value kept aside.
                w.Line($"{Types.JsonReading}.ReadMember(ref reader, TryRead{Types.Suffix(type)}, ref {target}, ref additional, member);");
                break;
            case TypeKind.String:
                // The common case inline (the helper is inlined); drift (numbers, null, other kinds) through TryReadString.
                w.Line($"{Types.JsonReading}.ReadString(ref reader, strings, ref {target}, ref additional, member);");
                break;
            default:
                w.Line($"{Types.JsonReading}.Read{Types.Suffix(type)}(ref reader, ref {target}, ref additional, member);");
                break;
        }
    }

    /// <summary>A one-line list reader: the runtime's loop with this list's item reader.</summary>
    private static void WriteListReader(SourceWriter w, TypeRef list)
    {
        w.Line($"public static bool TryRead{Types.Suffix(list)}(ref {Types.Reader} reader, out {Types.Property(list)} value)");
        w.Line($"    => {Types.JsonReading}.TryReadList<{Types.Element(list.Element!)}>(ref reader, {ItemReader(list.Element!)}, out value);");
    }

    /// <summary>The method that reads one value of <paramref name="type"/> as a list item (or as <c>data</c>).</summary>
    private static string ItemReader(TypeRef type) => type.Kind switch
    {
        TypeKind.Object => "TryRead" + type.ModelName,
        TypeKind.Array => "TryRead" + Types.Suffix(type),
        _ => $"{Types.JsonReading}.TryRead{Types.Suffix(type)}Item",
    };

    private static void CollectLists(TypeRef type, SortedDictionary<string, TypeRef> lists)
    {
        if (type.Kind != TypeKind.Array)
        {
            return;
        }

        lists[Types.Suffix(type)] = type;
        CollectLists(type.Element!, lists);
    }

    private static string Default(TypeRef type)
        => type.Kind == TypeKind.Array ? $"global::System.Array.Empty<{Types.Element(type.Element!)}>()" : "null";

    /// <summary>Indents the writer without braces, for <c>case</c> bodies.</summary>
    private readonly struct Indent : System.IDisposable
    {
        private readonly SourceWriter _writer;

        public Indent(SourceWriter writer)
        {
            _writer = writer;
            _writer.PushIndent();
        }

        public void Dispose() => _writer.PopIndent();
    }
}
