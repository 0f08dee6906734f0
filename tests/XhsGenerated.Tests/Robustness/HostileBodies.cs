using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Robustness;

/// <summary>
/// Hostile response bodies, made with CsCheck generators from the vendor's example: truncation, byte
/// flips, invalid UTF-8, lone surrogates, kind swaps per member, huge numbers, deep nesting, 1 MB
/// strings, duplicate keys, a BOM, empty, <c>null</c>, a top-level array, <c>code</c> as a string, a
/// float or missing, <c>data</c> of every kind, and bodies that echo the token.
/// </summary>
/// <remarks>
/// Inputs are drawn with <see cref="Draw{T}"/> from fixed PCG seeds, one per case, so every run tries
/// the same bodies and a failure names the case that reproduces it.
/// </remarks>
internal static class HostileBodies
{
    /// <summary>The corpus of kept reproducers, by file name.</summary>
    public static IEnumerable<(string Name, byte[] Body)> Corpus()
        => Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Robustness", "Corpus", "bodies"))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path)));

    /// <summary>The example envelope as UTF-8, in the vendor's member order.</summary>
    public static byte[] Example { get; } = Encoding.UTF8.GetBytes(Seed.Example);

    /// <summary>The <paramref name="index"/>-th value of <paramref name="gen"/> from a fixed seed: the same on every run.</summary>
    public static T Draw<T>(Gen<T> gen, int index, ulong seed = 20261129)
        => gen.Generate(new PCG((uint)index, seed), null!, out _);

    /// <summary>Every kind of mutation, weighted towards the ones that reach deep into the reader.</summary>
    public static Gen<byte[]> Body { get; } = Gen.Frequency(
        (3, Truncated()),
        (3, ByteFlips()),
        (3, InvalidUtf8()),
        (3, LoneSurrogate()),
        (6, KindSwap()),
        (2, HugeNumber()),
        (1, DeepNesting()),
        (1, Gen.Const(() => Encoding.UTF8.GetBytes("{\"code\":0,\"message\":\"" + new string('x', 1024 * 1024) + "\",\"data\":null}"))),
        (2, DuplicateKeys()),
        (1, Gen.Const(() => Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Example))),
        (2, Gen.OneOf(Gen.Const(Array.Empty<byte>()), Gen.Const("null"u8.ToArray()), Gen.Const(Encoding.UTF8.GetBytes("[" + Seed.Example + "]")), Gen.Const(" \t\r\n"u8.ToArray()))),
        (3, CodeOfEveryKind()),
        (3, DataOfEveryKind()),
        (2, TokenEcho()),
        (2, Gen.Select(Truncated(), ByteFlips(), Gen.Bool, (a, b, first) => first ? a : b).SelectMany(bytes => Gen.Int[0, Math.Max(0, bytes.Length - 1)].Select(cut => bytes[..cut]))));

    /// <summary>A token that is long enough to be masked anywhere, and bodies that echo it.</summary>
    public static Gen<byte[]> TokenEcho() => Gen.OneOf(
        Gen.Const(() => Encoding.UTF8.GetBytes($"token={Seed.Token}&keyword=a: not found")),
        Gen.Const(() => Encoding.UTF8.GetBytes($"{{\"code\":100,\"ok\":f{Seed.Token}}}")),
        Gen.Const(() => Encoding.UTF8.GetBytes($"{{\"code\":100,\"message\":\"bad token {Seed.Token}\",\"requestId\":\"{Seed.Token}\"}}")),
        Gen.Const(() => Encoding.UTF8.GetBytes($"{{\"code\":400,\"message\":\"{Uri.EscapeDataString(Seed.Token)}\"}}")),
        Gen.Int[0, 200].Select(pad => Encoding.UTF8.GetBytes("<html>" + new string('x', pad) + Seed.Token + "</html>")),
        Gen.Int[0, 200].Select(pad => Encoding.UTF8.GetBytes("{\"code\":" + new string('1', pad) + Seed.Token)));

    private static Gen<byte[]> Truncated()
        => Gen.Int[0, Example.Length - 1].Select(cut => Example[..cut]);

    private static Gen<byte[]> ByteFlips()
        => Gen.Select(Gen.Int[0, Example.Length - 1], Gen.Byte, Gen.Int[1, 8]).Select((at, value, count) =>
        {
            var copy = (byte[])Example.Clone();
            for (var i = 0; i < count; i++)
            {
                copy[(at + (i * 997)) % copy.Length] = (byte)(value + (i * 31));
            }

            return copy;
        });

    private static Gen<byte[]> InvalidUtf8()
        => Gen.Select(Gen.Int[0, Example.Length - 1], Gen.OneOf(Gen.Const(new byte[] { 0xFF }), Gen.Const(new byte[] { 0x80 }), Gen.Const(new byte[] { 0xBF }), Gen.Const(new byte[] { 0xC0, 0xAF }), Gen.Const(new byte[] { 0xED, 0xA0, 0x80 }), Gen.Const(new byte[] { 0xF4, 0x90, 0x80, 0x80 })))
            .Select((at, bad) => InsertIntoString(Example, at, bad));

    private static Gen<byte[]> LoneSurrogate()
        => Gen.Select(Gen.Int[0, Example.Length - 1], Gen.OneOf(Gen.Const("\\ud800"), Gen.Const("\\ude00"), Gen.Const("\\uDBFF"), Gen.Const("\\ud83d"), Gen.Const("\\udc00\\ud800")))
            .Select((at, escape) => InsertIntoString(Example, at, Encoding.ASCII.GetBytes(escape)));

    private static Gen<byte[]> KindSwap()
        => Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[1, 4]).Select((pick, kind, count) =>
        {
            var root = Seed.ExampleNode();
            for (var i = 0; i < count; i++)
            {
                var places = Places(root).ToList();
                var (parent, key) = places[(pick + (i * 7919)) % places.Count];
                Set(parent, key, OfKind((kind + i) % 9));
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString());
        });

    private static Gen<byte[]> HugeNumber()
        => Gen.Select(Gen.Int[0, int.MaxValue], Gen.OneOf(Gen.Const("1e400"), Gen.Const("-1e400"), Gen.Const("123456789012345678901234567890"), Gen.Const("-9223372036854775809"), Gen.Const("0.00000000000000000000000001"), Gen.Const("1E+2"), Gen.Const("-0")))
            .Select((pick, number) =>
            {
                var text = Seed.Example;
                var places = new List<int>();
                for (var at = text.IndexOf(':', StringComparison.Ordinal); at >= 0; at = text.IndexOf(':', at + 1))
                {
                    places.Add(at + 1);
                }

                var place = places[pick % places.Count];
                var end = place;
                while (end < text.Length && text[end] is not (',' or '}' or ']'))
                {
                    end++;
                }

                return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, place), number, text.AsSpan(end)));
            });

    private static Gen<byte[]> DeepNesting()
        => Gen.Select(Gen.Int[60, 3000], Gen.Bool).Select((depth, arrays) =>
        {
            var open = arrays ? "[" : "{\"a\":";
            var close = arrays ? "]" : "}";
            var builder = new StringBuilder("{\"code\":0,\"data\":{\"users\":[{\"id\":");
            for (var i = 0; i < depth; i++)
            {
                builder.Append(open);
            }

            builder.Append("1");
            for (var i = 0; i < depth; i++)
            {
                builder.Append(close);
            }

            return Encoding.UTF8.GetBytes(builder.Append("}]}}").ToString());
        });

    private static Gen<byte[]> DuplicateKeys()
        => Gen.OneOf(
            Gen.Const(() => Encoding.UTF8.GetBytes(Seed.Example.Replace("\"name\":", "\"name\":\"twice\",\"name\":", StringComparison.Ordinal))),
            Gen.Const(() => Encoding.UTF8.GetBytes("{\"code\":0,\"code\":302,\"data\":null,\"data\":{\"users\":[]}}")),
            Gen.Const(() => Encoding.UTF8.GetBytes(Seed.Example.Replace("\"users\":", "\"users\":[],\"users\":", StringComparison.Ordinal))));

    private static Gen<byte[]> CodeOfEveryKind()
        => Gen.OneOf(Gen.Const("\"0\""), Gen.Const("\"300\""), Gen.Const("\" 7 \""), Gen.Const("0.0"), Gen.Const("1.5"), Gen.Const("null"), Gen.Const("true"), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("\"abc\""), Gen.Const("2147483648"), Gen.Const("-1"), Gen.Const((string?)null))
            .Select(code =>
            {
                var root = Seed.ExampleNode();
                root.Remove("code");
                if (code is not null)
                {
                    root["code"] = JsonNode.Parse(code);
                }

                return Encoding.UTF8.GetBytes(root.ToJsonString());
            });

    private static Gen<byte[]> DataOfEveryKind()
        => Gen.Int[0, 8].Select(kind =>
        {
            var root = Seed.ExampleNode();
            var data = (JsonObject)root["data"]!;
            switch (kind % 3)
            {
                case 0:
                    root["data"] = OfKind(kind);
                    break;
                case 1:
                    data["users"] = OfKind(kind);
                    break;
                default:
                    data["filters"] = new JsonArray(OfKind(kind));
                    break;
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString());
        });

    /// <summary>A body with <paramref name="count"/> users, the example's users repeated.</summary>
    public static byte[] ManyUsers(int count)
    {
        var root = Seed.ExampleNode();
        var users = (JsonArray)root["data"]!["users"]!;
        var templates = users.Select(u => u!.ToJsonString()).ToArray();
        var builder = new StringBuilder("{\"code\":0,\"message\":null,\"data\":{\"users\":[");
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(templates[i % templates.Length]);
        }

        return Encoding.UTF8.GetBytes(builder.Append("],\"filters\":[]}}").ToString());
    }

    private static JsonNode? OfKind(int kind) => (kind % 9) switch
    {
        0 => JsonValue.Create("text"),
        1 => JsonValue.Create(42),
        2 => JsonValue.Create(-1.25),
        3 => JsonValue.Create(true),
        4 => null,
        5 => new JsonArray(1, "two", null),
        6 => new JsonObject { ["nested"] = new JsonArray() },
        7 => JsonValue.Create("中文🙂"),
        _ => new JsonArray(),
    };

    /// <summary>Every member and item of the tree, as (container, key or index).</summary>
    private static IEnumerable<(JsonNode Parent, object Key)> Places(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    yield return (obj, key);
                    if (value is not null)
                    {
                        foreach (var place in Places(value))
                        {
                            yield return place;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i);
                    if (array[i] is { } item)
                    {
                        foreach (var place in Places(item))
                        {
                            yield return place;
                        }
                    }
                }

                break;
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }

    /// <summary>Inserts bytes right after the first quote at or after <paramref name="at"/>: inside a string (a name or a value).</summary>
    private static byte[] InsertIntoString(byte[] body, int at, byte[] insert)
    {
        var quote = Array.IndexOf(body, (byte)'"', at);
        var place = quote < 0 ? at : quote + 1;
        return Concat(body[..place], insert, body[place..]);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
