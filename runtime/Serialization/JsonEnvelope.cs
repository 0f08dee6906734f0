using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace XhsGenerated.Serialization;

/// <summary>
/// Collects the envelope members other than <c>data</c> while a generated reader walks a response:
/// <c>code</c> (a number, or a string that spells one), <c>message</c>, <c>recordTime</c>,
/// <c>requestId</c>, and anything else as raw JSON.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonEnvelope
{
    private bool _hasCode;

    /// <summary>The business code read so far.</summary>
    public int Code { get; private set; }

    /// <summary>The <c>message</c> member.</summary>
    public string? Message { get; private set; }

    /// <summary>The <c>recordTime</c> member.</summary>
    public string? RecordTime { get; private set; }

    /// <summary>The <c>requestId</c> member.</summary>
    public string? RequestId { get; private set; }

    /// <summary>Members of the envelope that are not known, by name.</summary>
    public Dictionary<string, JsonElement>? Additional;

    /// <summary>Reads one envelope member (the reader on its name) and leaves the reader on its value's last token.</summary>
    /// <param name="reader">A reader on a property name.</param>
    /// <exception cref="JsonException"><c>code</c> is not an integer.</exception>
    public void ReadMember(ref Utf8JsonReader reader)
    {
        var name = JsonReading.PropertyName(ref reader);
        if (name.SequenceEqual("code"u8))
        {
            Code = ReadCode(ref reader);
            _hasCode = true;
        }
        else if (name.SequenceEqual("message"u8) && JsonReading.TryReadString(ref reader, out var message))
        {
            Message = message;
        }
        else if (name.SequenceEqual("recordTime"u8) && JsonReading.TryReadString(ref reader, out var recordTime))
        {
            RecordTime = recordTime;
        }
        else if (name.SequenceEqual("requestId"u8) && JsonReading.TryReadString(ref reader, out var requestId))
        {
            RequestId = requestId;
        }
        else
        {
            JsonReading.Keep(ref Additional, name, ref reader);
        }
    }

    /// <summary>Checks that the body had a <c>code</c>, which makes it the envelope.</summary>
    /// <exception cref="JsonException">There was no <c>code</c>.</exception>
    public readonly void EnsureCode()
    {
        if (!_hasCode)
        {
            throw new JsonException("The JSON object has no 'code' member.");
        }
    }

    private static int ReadCode(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        // One vendor tool sends "code": "0"; a numeric string is the number it spells.
        if (reader.TokenType == JsonTokenType.String
            && int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new JsonException("The 'code' member is not an integer.");
    }
}
