using System;
using System.Globalization;

namespace XhsGenerated.Serialization;

/// <summary>Reads the envelope's <c>recordTime</c> in the forms it comes in.</summary>
internal static class RecordTimes
{
    /// <summary>China Standard Time, the zone of a <c>recordTime</c> written without one.</summary>
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static readonly string[] ZonelessForms = { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy/MM/dd HH:mm:ss" };

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (DateTime.TryParseExact(text, ZonelessForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, China);
        }

        if (text.Length is 10 or 13 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            return text.Length == 10 ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.FromUnixTimeMilliseconds(epoch);
        }

        // ISO 8601: "2025-12-31T14:55:21Z", with an offset, or with neither (taken as UTC).
        return text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }
}
