using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// What an example says about one place in a response, merged over every value seen there:
/// all items of an array are folded into one <see cref="Items"/> shape, so a member seen on only
/// some items is still known, and a member that is <c>null</c> on one item and a string on another
/// is a nullable string.
/// </summary>
internal sealed class JsonShape
{
    public bool SawNull { get; private set; }
    public bool SawString { get; private set; }
    public bool SawBoolean { get; private set; }
    public bool SawInteger { get; private set; }
    public bool SawFraction { get; private set; }
    public bool SawObject { get; private set; }
    public bool SawArray { get; private set; }

    /// <summary>Whether an integer other than 0 and 1 was seen: 0/1 beside booleans are flags.</summary>
    public bool SawNonBinaryInteger { get; private set; }

    /// <summary>The first non-empty scalar seen here, as JSON text (shortened), for documentation.</summary>
    public string? Sample { get; private set; }

    /// <summary>Members of the objects seen here, by JSON name.</summary>
    public Dictionary<string, JsonShape> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether only samples showed this place: the example had none of it (the member stays, kept by them).</summary>
    public bool SamplesOnly { get; private set; }

    /// <summary>The merged shape of every array item seen here; null when no array had an item.</summary>
    public JsonShape? Items { get; private set; }

    public static JsonShape Of(JsonNode? node)
    {
        var shape = new JsonShape();
        shape.Add(node);
        return shape;
    }

    /// <summary>Adds a value seen here; places that <paramref name="fromSample"/> shows first are marked <see cref="SamplesOnly"/>.</summary>
    public void Add(JsonNode? node, bool fromSample = false)
    {
        switch (node)
        {
            case null:
                SawNull = true;
                break;
            case JsonObject obj:
                SawObject = true;
                foreach (var member in obj)
                {
                    if (!Properties.TryGetValue(member.Key, out var child))
                    {
                        child = new JsonShape { SamplesOnly = fromSample };
                        Properties.Add(member.Key, child);
                    }

                    child.Add(member.Value, fromSample);
                }

                break;
            case JsonArray array:
                SawArray = true;
                foreach (var item in array)
                {
                    (Items ??= new JsonShape { SamplesOnly = fromSample }).Add(item, fromSample);
                }

                break;
            case JsonValue value:
                AddValue(value);
                break;
        }
    }

    private void AddValue(JsonValue value)
    {
        if (Sample is null)
        {
            var text = value.GetValueKind() == JsonValueKind.String ? "\"" + value.GetValue<string>() + "\"" : value.ToJsonString();
            if (text != "\"\"")
            {
                Sample = text.Length > 80 ? text.Substring(0, 77) + "…" : text;
            }
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                SawString = true;
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                SawBoolean = true;
                break;
            case JsonValueKind.Number:
                if (IsInteger(value))
                {
                    SawInteger = true;
                    var text = value.ToJsonString();
                    SawNonBinaryInteger |= text != "0" && text != "1";
                }
                else
                {
                    SawFraction = true;
                }

                break;
            case JsonValueKind.Null:
                SawNull = true;
                break;
        }
    }

    /// <summary>
    /// Whether a number is an integer that fits a <c>long</c>, judged by its JSON text: a number from
    /// YAML comes as a <c>double</c> or <c>decimal</c> value, and <c>0</c> is still an integer.
    /// </summary>
    private static bool IsInteger(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.TryGetInt64(out _);
        }

        return long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
