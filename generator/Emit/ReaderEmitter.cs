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

    /// <summary>The reader of one operation: its own models (not those its client shares) and its lists.</summary>
    public static void Write(SourceWriter w, ClientModel client, OperationModel operation)
    {
        var response = operation.Response;
        var own = response.Models.Where(m => !m.Shared).ToList();
        var at = Locator(client, response);
        var items = new HashSet<string>(System.StringComparer.Ordinal);
        if (response.Data.Kind == TypeKind.Object)
        {
            items.Add(response.Data.ModelName!);
        }

        // Qualified: the class's own methods (ReadX) may share the type's simple name.
        WriteClass(w, ClassName(operation), $"Reads the models of <see cref=\"global::{client.Namespace}.{response.TypeName}\"/> from UTF-8 JSON.", own, response.Data, items, at);
    }

    /// <summary>The reader of the models a client's operations share (<c>ModelSharing</c>), each readable as an item.</summary>
    public static void WriteShared(SourceWriter w, ClientModel client, IReadOnlyList<ObjectModel> models)
        => WriteClass(w, Parsing.ModelSharing.ReaderClass(client.ClientName), $"Reads the models the operations of <see cref=\"global::{client.Namespace}.{client.ClientName}\"/> share from UTF-8 JSON.", models, null, new HashSet<string>(models.Select(m => m.Name), System.StringComparer.Ordinal), _ => "");

    /// <summary>Where the reader of a model of this response is: here, or (a shared model) in the client's shared reader.</summary>
    private static System.Func<string, string> Locator(ClientModel client, ResponseModel response)
    {
        var shared = new HashSet<string>(response.Models.Where(m => m.Shared).Select(m => m.Name), System.StringComparer.Ordinal);
        var prefix = Parsing.ModelSharing.ReaderClass(client.ClientName) + ".";
        return model => shared.Contains(model) ? prefix : "";
    }

    private static void WriteClass(SourceWriter w, string className, string summary, IReadOnlyList<ObjectModel> models, TypeRef? data, HashSet<string> items, System.Func<string, string> at)
    {
        var lists = new SortedDictionary<string, TypeRef>(System.StringComparer.Ordinal);
        if (data is not null)
        {
            CollectLists(data, lists);
        }

        foreach (var model in models)
        {
            foreach (var property in model.Properties)
            {
                CollectLists(property.Type, lists);
            }
        }

        if (models.Count == 0 && lists.Count == 0)
        {
            // Nothing of this operation's own to read: the runtime reads data (a JsonElement, a scalar), or the client's shared reader.
            return;
        }

        items.UnionWith(lists.Values.Where(l => l.Element!.Kind == TypeKind.Object).Select(l => l.Element!.ModelName!));
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"internal static class {className}"))
        {
            var first = true;
            foreach (var model in models)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                WriteModelReader(w, model, at);
                if (items.Contains(model.Name))
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
                if (!first)
                {
                    w.Line();
                }

                first = false;
                WriteListReader(w, list, at);
            }
        }
    }

    /// <summary>
    /// What the response's <c>Parse</c> passes to the runtime's <c>JsonReading.ReadResponse</c>: the
    /// method that reads <c>data</c>, this class's for a model or a list, the runtime's for the rest.
    /// </summary>
    public static string DataReader(ClientModel client, OperationModel operation)
    {
        var data = operation.Response.Data;
        var at = Locator(client, operation.Response);
        return data.Kind switch
        {
            TypeKind.Object when at(data.ModelName!).Length > 0 => ItemReader(data, at),
            TypeKind.Object or TypeKind.Array => ClassName(operation) + "." + ItemReader(data, at),
            _ => ItemReader(data, at),
        };
    }

    /// <summary>The value <c>Data</c> takes when the body has no <c>data</c> of the expected kind.</summary>
    public static string Absent(TypeRef data) => data.Kind == TypeKind.Array ? Default(data) : "null";

    private static void WriteModelReader(SourceWriter w, ObjectModel model, System.Func<string, string> at)
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
                            WriteValueRead(w, property.Type, local, at);
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
    private static void WriteValueRead(SourceWriter w, TypeRef type, string target, System.Func<string, string> at)
    {
        switch (type.Kind)
        {
            case TypeKind.Any:
                w.Line($"{target} = {Types.JsonReading}.ReadAny(ref reader);");
                break;
            case TypeKind.Object:
                w.Line($"if (reader.TokenType == global::System.Text.Json.JsonTokenType.StartObject) {target} = {at(type.ModelName!)}Read{type.ModelName}(ref reader);");
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
    private static void WriteListReader(SourceWriter w, TypeRef list, System.Func<string, string> at)
    {
        w.Line($"public static bool TryRead{Types.Suffix(list)}(ref {Types.Reader} reader, out {Types.Property(list)} value)");
        w.Line($"    => {Types.JsonReading}.TryReadList<{Types.Element(list.Element!)}>(ref reader, {ItemReader(list.Element!, at)}, out value);");
    }

    /// <summary>The method that reads one value of <paramref name="type"/> as a list item (or as <c>data</c>).</summary>
    private static string ItemReader(TypeRef type, System.Func<string, string> at) => type.Kind switch
    {
        TypeKind.Object => at(type.ModelName!) + "TryRead" + type.ModelName,
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
