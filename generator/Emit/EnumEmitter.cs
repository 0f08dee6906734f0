using System.Linq;
using XhsGenerated.Generator.Model;
using XhsGenerated.Generator.Parsing;

namespace XhsGenerated.Generator.Emit;

/// <summary>
/// Writes each enum parameter of an operation as an extensible <c>readonly struct</c>: a static
/// member per documented value, an implicit conversion from the underlying type (so values the
/// document does not list yet still pass), value equality, and <c>ToString()</c> giving the wire value.
/// </summary>
internal static class EnumEmitter
{
    /// <summary>The structs of the operation's own enum parameters (not those its client shares).</summary>
    public static void Write(SourceWriter w, ClientModel client, OperationModel operation)
    {
        foreach (var parameter in operation.Parameters.Where(p => p.Enum is { Shared: false }).GroupBy(p => p.Enum!.TypeName).Select(g => g.First()))
        {
            w.Line();
            WriteStruct(w, parameter.Enum!, $"the '{parameter.JsonName}' parameter of {client.ClientName}.{operation.MethodName}Async ({operation.OperationId})");
        }
    }

    /// <summary>The structs a client shares between its operations, each with the union of their values.</summary>
    public static void WriteShared(SourceWriter w, ClientModel client)
    {
        foreach (var (model, jsonName, methods) in EnumSharing.Declared(client))
        {
            w.Line();
            WriteStruct(w, model, $"the '{jsonName}' parameter of {client.ClientName}'s {string.Join(", ", methods)}: every value any of them documents (each method's documentation lists its own)");
        }
    }

    private static void WriteStruct(SourceWriter w, EnumModel model, string whose)
    {
        var name = model.TypeName;
        var underlying = model.IsInteger ? "long" : "string";
        GeneratedCode.Summary(
            w,
            $"The values of {whose}. "
                + $"Any other {(model.IsInteger ? "integer" : "string")} converts to it as well, so a value the document does not list yet still passes.");
        w.Line("/// <remarks>");
        w.Line("/// Documented values:");
        w.Line("/// <list type=\"bullet\">");
        foreach (var member in model.Members)
        {
            var text = $"<c>{Escaping.XmlDocInline(member.Value)}</c> (<see cref=\"{member.Name}\"/>)" + (member.Description is null ? "" : ": " + Escaping.XmlDocInline(member.Description));
            w.Line($"/// <item><description>{text}</description></item>");
        }

        w.Line("/// </list>");
        w.Line("/// </remarks>");
        w.Line(GeneratedCode.Attribute);
        w.Line("[global::System.Diagnostics.DebuggerDisplay(\"{ToString(),nq}\")]");
        using (w.Block($"public readonly struct {name} : global::System.IEquatable<{name}>"))
        {
            if (model.IsInteger)
            {
                w.Lines($$"""
                    /// <summary>Wraps a value as sent.</summary>
                    /// <param name="value">The value.</param>
                    public {{name}}(long value) => Value = value;

                    /// <summary>The value as sent.</summary>
                    public long Value { get; }
                    """);
            }
            else
            {
                w.Lines($$"""
                    private readonly string? _value;

                    /// <summary>Wraps a value as sent.</summary>
                    /// <param name="value">The value.</param>
                    /// <exception cref="global::System.ArgumentNullException"><paramref name="value"/> is null.</exception>
                    public {{name}}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));

                    /// <summary>The value as sent (empty for <c>default</c>).</summary>
                    public string Value => _value ?? "";
                    """);
            }

            foreach (var member in model.Members)
            {
                w.Line();
                var literal = model.IsInteger ? member.Value + "L" : Escaping.Literal(member.Value);
                w.Line($"/// <summary><c>{Escaping.XmlDocInline(member.Value)}</c>{(member.Description is null ? "" : ": " + Escaping.XmlDocInline(member.Description))}</summary>");
                w.Line($"public static {name} {member.Name} {{ get; }} = new({literal});");
            }

            var equals = model.IsInteger ? "Value == other.Value" : "global::System.String.Equals(Value, other.Value, global::System.StringComparison.Ordinal)";
            var hash = model.IsInteger ? "Value.GetHashCode()" : "global::System.StringComparer.Ordinal.GetHashCode(Value)";
            var text = model.IsInteger ? "Value.ToString(global::System.Globalization.CultureInfo.InvariantCulture)" : "Value";
            w.Line();
            w.Lines($$"""
                /// <summary>Any value, documented or not.</summary>
                /// <param name="value">The value.</param>
                public static implicit operator {{name}}({{underlying}} value) => new(value);

                /// <summary>Whether two values are the same on the wire.</summary>
                public static bool operator ==({{name}} left, {{name}} right) => left.Equals(right);

                /// <summary>Whether two values differ on the wire.</summary>
                public static bool operator !=({{name}} left, {{name}} right) => !left.Equals(right);

                /// <inheritdoc/>
                public bool Equals({{name}} other) => {{equals}};

                /// <inheritdoc/>
                public override bool Equals(object? obj) => obj is {{name}} other && Equals(other);

                /// <inheritdoc/>
                public override int GetHashCode() => {{hash}};

                /// <summary>The value as sent.</summary>
                /// <returns>The wire value.</returns>
                public override string ToString() => {{text}};
                """);
        }
    }
}
