using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using XhsGenerated.Recording;

namespace XhsGenerated.Sandbox;

// Writing answers: the envelope, a recorded answer, the vendor's messages for its codes.
public sealed partial class SandboxServer
{
    /// <summary>The message the vendor sends with a business code, as its documentation words it.</summary>
    private static string FaultMessage(int code) => code switch
    {
        100 => "Invalid or inactive token.",
        201 => "No content.",
        301 => "Collection failed, please retry.",
        302 => "Rate limit exceeded.",
        303 => "Daily quota exceeded.",
        400 => "Invalid parameters.",
        500 => "Internal server error.",
        503 => "Service temporarily unavailable.",
        600 => "Permission denied.",
        601 => "Insufficient balance.",
        602 => "The token's spend limit is reached.",
        _ => "Error " + code.ToString(CultureInfo.InvariantCulture) + ".",
    };

    /// <summary>Sends a recorded answer as it was received: status, content type, replayable headers and body, byte for byte.</summary>
    private static async Task<int?> WriteRecordAsync(HttpContext context, JustOneApiRecord record)
    {
        context.Response.StatusCode = record.Status;
        context.Response.ContentType = record.ContentType ?? "application/json";
        foreach (var (name, value) in record.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentLength = record.Body.Length;
        await context.Response.Body.WriteAsync(record.Body).ConfigureAwait(false);
        return CodeOf(record.Body.Span);
    }

    /// <summary>The business code of a recorded envelope, if it is one.</summary>
    private static int? CodeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                reader.Read();
                if (isCode)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n
                        : reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s
                        : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>The day the world is on: <see cref="SandboxOptions.Day"/>, or today's UTC date by the sandbox's clock.</summary>
    public int Day => _options.Day ?? CreatorWorld.DayOf(_options.TimeProvider.GetUtcNow());

    private UserSearchPages UserPages(SandboxOperation operation)
        => _userPages ??= new UserSearchPages(operation.Example, _options.UsersPerPage);

    private async Task<(string Outcome, int? Code)> WriteEnvelopeAsync(HttpContext context, int status, int code, string? message, JsonNode? data)
    {
        var bytes = Envelope(code, message, data);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
        return (code == 0 ? "ok" : "code_" + code.ToString(CultureInfo.InvariantCulture), code);
    }

    /// <summary>
    /// The vendor's envelope: <c>code</c> (a string with <see cref="SandboxOptions.StringCodes"/>),
    /// <c>message</c> (<c>"success"</c> or null on success), <c>data</c>, <c>recordTime</c> in ISO
    /// 8601 UTC, and <c>requestId</c> unless <see cref="SandboxOptions.OmitRequestId"/>.
    /// </summary>
    private byte[] Envelope(int code, string? message, JsonNode? data)
    {
        var codeText = code.ToString(CultureInfo.InvariantCulture);
        var envelope = new JsonObject
        {
            ["code"] = _options.StringCodes ? JsonValue.Create(codeText) : JsonValue.Create(code),
            ["message"] = message ?? (code == 0 && _options.MessageNull ? null : "success"),
            ["data"] = data,
            ["recordTime"] = _options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (!_options.OmitRequestId)
        {
            envelope["requestId"] = "sandbox-" + Interlocked.Increment(ref _requestIds).ToString("x8", CultureInfo.InvariantCulture);
        }

        return Encoding.UTF8.GetBytes(envelope.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
