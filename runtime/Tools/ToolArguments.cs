using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace XhsGenerated.Tools;

/// <summary>
/// Reads an agent's tool arguments (a JSON object, as MCP's <c>tools/call</c> carries them) into typed
/// values, and keeps the first problem as a message that names the argument: a missing required
/// argument, a value of the wrong kind (<c>"two"</c> for an integer), one out of range, or an argument
/// the tool does not take. Never throws for bad input; generated MCP tools read their arguments with it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ToolArguments
{
    private readonly IDictionary<string, JsonElement> _arguments;
    private readonly string _tool;

    /// <summary>Starts reading; an argument not in <paramref name="known"/> is a problem at once.</summary>
    /// <param name="arguments">The arguments as sent; null for none.</param>
    /// <param name="tool">The tool's name, for messages.</param>
    /// <param name="known">Every argument the tool takes.</param>
    public ToolArguments(IDictionary<string, JsonElement>? arguments, string tool, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(known);
        _arguments = arguments ?? new Dictionary<string, JsonElement>();
        _tool = tool;
        if (_arguments.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            Error = known.Length == 0
                ? $"{tool} takes no argument; '{unknown}' is not one."
                : $"{tool} does not take an argument '{unknown}'; it takes: {string.Join(", ", known)}.";
        }
    }

    /// <summary>The first problem found, as a sentence for the agent; null while there is none.</summary>
    public string? Error { get; private set; }

    /// <summary>A string; a number or boolean is taken as its JSON text.</summary>
    /// <param name="name">The argument.</param>
    /// <param name="required">Whether it must be given (and not blank).</param>
    /// <returns>The value, or null when absent (or after a problem).</returns>
    public string? String(string name, bool required)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            Record($"'{name}' must be a string, not {Kind(value)}.");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            Record($"'{name}' is required and must not be blank.");
            return null;
        }

        return text;
    }

    /// <summary>An integer that fits an <see cref="int"/>; a string that spells one is accepted.</summary>
    /// <param name="name">The argument.</param>
    /// <param name="required">Whether it must be given.</param>
    /// <param name="minimum">The smallest value allowed, if any.</param>
    /// <param name="maximum">The largest value allowed, if any.</param>
    /// <returns>The value, or null when absent (or after a problem).</returns>
    public int? Int32(string name, bool required, long? minimum = null, long? maximum = null)
        => Int64(name, required, minimum ?? int.MinValue, maximum ?? int.MaxValue) is { } value ? (int)value : null;

    /// <summary>An integer; a string that spells one is accepted.</summary>
    /// <param name="name">The argument.</param>
    /// <param name="required">Whether it must be given.</param>
    /// <param name="minimum">The smallest value allowed, if any.</param>
    /// <param name="maximum">The largest value allowed, if any.</param>
    /// <returns>The value, or null when absent (or after a problem).</returns>
    public long? Int64(string name, bool required, long? minimum = null, long? maximum = null)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        long number;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out number),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            _ => Assign(out number),
        };
        if (!parsed)
        {
            return Fail<long>($"'{name}' must be an integer, not {Kind(value)}.");
        }

        if (number < (minimum ?? long.MinValue) || number > (maximum ?? long.MaxValue))
        {
            return Fail<long>($"'{name}' must be {Range(minimum, maximum, number)}; {number.ToString(CultureInfo.InvariantCulture)} is not.");
        }

        return number;
    }

    /// <summary>A number; a string that spells one is accepted.</summary>
    /// <param name="name">The argument.</param>
    /// <param name="required">Whether it must be given.</param>
    /// <returns>The value, or null when absent (or after a problem).</returns>
    public double? Double(string name, bool required)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        double number;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => Assign(out number),
        };
        return parsed && double.IsFinite(number) ? number : Fail<double>($"'{name}' must be a number, not {Kind(value)}.");
    }

    /// <summary>A boolean; the strings <c>"true"</c> and <c>"false"</c> are accepted.</summary>
    /// <param name="name">The argument.</param>
    /// <param name="required">Whether it must be given.</param>
    /// <returns>The value, or null when absent (or after a problem).</returns>
    public bool? Boolean(string name, bool required)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var flag) => flag,
            _ => Fail<bool>($"'{name}' must be true or false, not {Kind(value)}."),
        };
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        if (_arguments.TryGetValue(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return Error is null;
        }

        if (required)
        {
            Record($"'{name}' is required.");
        }

        return false;
    }

    private void Record(string message) => Error ??= $"{_tool}: argument {message}";

    private T? Fail<T>(string message)
        where T : struct
    {
        Record(message);
        return null;
    }

    private static bool Assign<T>(out T value)
    {
        value = default!;
        return false;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string \"" + JsonEncodedText.Encode(Cut(value.GetString()!), System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"",
        JsonValueKind.Number => "the number " + Cut(value.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The allowed range in words; a bound that only the integer's size sets is left out unless the value broke it.</summary>
    private static string Range(long? minimum, long? maximum, long value) => (minimum is int.MinValue or long.MinValue && value >= minimum ? null : minimum, maximum is int.MaxValue or long.MaxValue && value <= maximum ? null : maximum) switch
    {
        ({ } min, { } max) => $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        ({ } min, null) => $"at least {min.ToString(CultureInfo.InvariantCulture)}",
        (null, { } max) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
        _ => "in range",
    };
}
