using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Xhs.Cli.Store;

/// <summary>
/// A user's profile as one run saw it: the fields that <c>xhs changes</c> compares, and the raw
/// JSON. <see cref="Digest"/> (64 bits of the SHA-256 of the raw JSON) keys it beside the user id, so a
/// profile that did not change between runs is stored once and each hit carries 8 bytes for it.
/// </summary>
internal sealed record ProfileRow(string UserId, long Digest, string? Name, string? RedId, string? Desc, string? SubTitle, string? Verification, string? Image, string Json)
{
    /// <summary>The profile of one user's raw JSON (an object of the answer's <c>users</c>); fields it lacks are null.</summary>
    public static ProfileRow FromJson(string userId, string json)
    {
        string? name = null, redId = null, desc = null, subTitle = null, image = null;
        bool? verified = null;
        string? verifyType = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                name = Text(root, "name");
                redId = Text(root, "red_id");
                desc = Text(root, "desc");
                subTitle = Text(root, "sub_title");
                image = Text(root, "image");
                verified = root.TryGetProperty("red_official_verified", out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
                verifyType = root.TryGetProperty("red_official_verify_type", out var t) && t.ValueKind != JsonValueKind.Null ? t.ToString() : null;
            }
        }
        catch (JsonException)
        {
            // Kept as it came: the raw JSON is the record; its fields are then unknown.
        }

        var verification = verified switch
        {
            true => verifyType is null or "0" ? "verified" : "verified (type " + verifyType + ")",
            false => "not verified",
            null => null,
        };
        return new ProfileRow(userId, DigestOf(json), name, redId, desc, subTitle, verification, image, json);
    }

    /// <summary>64 bits of the SHA-256 of the text, as a signed integer (a BIGINT column).</summary>
    public static long DigestOf(string json) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private static string? Text(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        } : null;
}

/// <summary>A run's keywords: how they are stored (a JSON array) and what names the run for resuming.</summary>
internal static class RunKeywords
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What a harvest with these keywords and pages resumes: the same set of keywords, the same pages.</summary>
    public static string Signature(IEnumerable<string> keywords, int pages)
    {
        var text = pages.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + string.Join("\n", keywords.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    public static string ToJson(IEnumerable<string> keywords)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            writer.WriteStartArray();
            foreach (var keyword in keywords)
            {
                writer.WriteStringValue(keyword);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<string> FromJson(string json)
    {
        var keywords = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                keywords.Add(item.GetString() ?? "");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A hand-edited row: no keywords rather than a crash.
        }

        return keywords;
    }
}
