using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading;
using System.Threading.Tasks;

namespace XhsGenerated.Recording;

/// <summary>
/// One answer as a client received it, kept in a file of its own so it can be replayed
/// (<c>xhs sandbox --replay DIR</c>) or read as another example of its operation.
/// </summary>
/// <remarks>
/// <para>The file is one UTF-8 JSON object (format version 1):</para>
/// <code>
/// {
///   "format": "xhs-record/1",
///   "operationId": "getSearchUserV2",
///   "method": "GET",
///   "path": "/api/xiaohongshu/search-user/v2",
///   "parameters": { "keyword": "穿搭", "page": "2" },
///   "status": 200,
///   "contentType": "application/json",
///   "headers": { "Retry-After": "1" },
///   "recordedAt": "2026-11-29T19:00:00.000Z",
///   "response": { "code": 0, "message": null, "data": { … } }
/// }
/// </code>
/// <para>
/// <c>response</c> is the body exactly as received, byte for byte, when it is JSON text without a
/// BOM or surrounding white space; any other body is kept as <c>responseBase64</c> instead.
/// <c>parameters</c> are the operation's parameters as sent, as strings. The token is never
/// written: it is not a parameter here, and any occurrence of it in the body or a header is masked
/// as <c>***</c> before writing.
/// </para>
/// </remarks>
public sealed partial class JustOneApiRecord
{
    /// <summary>The value of the file's <c>format</c> member.</summary>
    public const string Format = "xhs-record/1";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Creates a record.</summary>
    /// <param name="operationId">The document's operation id.</param>
    /// <param name="method">The HTTP method, upper case.</param>
    /// <param name="path">The path called, parameters filled in, without the base address's prefix.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public JustOneApiRecord(string operationId, string method, string path, int status, ReadOnlyMemory<byte> body)
    {
        ArgumentGuard.NotNullOrWhiteSpace(operationId);
        ArgumentGuard.NotNullOrWhiteSpace(method);
        ArgumentGuard.NotNullOrWhiteSpace(path);
        OperationId = operationId;
        Method = method.ToUpperInvariant();
        Path = path;
        Status = status;
        Body = body;
    }

    /// <summary>The document's operation id.</summary>
    public string OperationId { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path called.</summary>
    public string Path { get; }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The body, exactly as received (the token masked).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The parameters sent, by name, the token never among them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>The response's <c>Content-Type</c>, when it had one.</summary>
    public string? ContentType { get; init; }

    /// <summary>Response headers worth replaying: <c>Retry-After</c> and the vendor's notice header.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>When the answer arrived.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The parameters in a canonical order (by name, then value), for matching a request to a record.</summary>
    /// <returns>A key that is equal for the same operation call whatever the parameters' order.</returns>
    public string MatchKey() => MatchKey(Method, Path, Parameters);

    /// <summary>The key <see cref="MatchKey()"/> gives for a request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <param name="parameters">The parameters, the token left out.</param>
    /// <returns>The key.</returns>
    public static string MatchKey(string method, string path, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder(method.ToUpperInvariant()).Append(' ').Append(path.TrimEnd('/'));
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(name).Append('=').Append(value);
        }

        return builder.ToString();
    }

    /// <summary>The record as the file's UTF-8 JSON.</summary>
    /// <returns>The bytes to write.</returns>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(Body.Length + 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("operationId", OperationId);
            writer.WriteString("method", Method);
            writer.WriteString("path", Path);
            writer.WriteStartObject("parameters");
            foreach (var (name, value) in Parameters)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("status", Status);
            if (ContentType is not null)
            {
                writer.WriteString("contentType", ContentType);
            }

            if (Headers.Count > 0)
            {
                writer.WriteStartObject("headers");
                foreach (var (name, value) in Headers)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteString("recordedAt", RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            if (IsVerbatimJson(Body.Span))
            {
                writer.WritePropertyName("response");
                writer.WriteRawValue(Body.Span, skipInputValidation: true);
            }
            else
            {
                writer.WriteBase64String("responseBase64", Body.Span);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static int s_written;

    /// <summary>Writes the record into a folder, in a new file named after the time and the operation, so that files sort in recorded order.</summary>
    /// <param name="directory">The folder; created when missing.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The file's path.</returns>
    public async Task<string> WriteToDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentGuard.NotNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var safeId = new string(OperationId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        // The time to the tick, then this process's write count: two answers in one millisecond (a fast
        // retry) keep their order by name, which ReadDirectory uses after the recorded time.
        var name = string.Format(
            CultureInfo.InvariantCulture,
            "{0:yyyyMMdd'T'HHmmssfffffff'Z'}-{1:x8}-{2}-{3}.json",
            RecordedAt.UtcDateTime,
            Interlocked.Increment(ref s_written),
            safeId.Length > 80 ? safeId[..80] : safeId,
            Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant());
        var path = System.IO.Path.Combine(directory, name);
        var bytes = ToUtf8Json();
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        return path;
    }

    /// <summary>Whether a body can be written into the record as itself and read back byte for byte.</summary>
    private static bool IsVerbatimJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || IsWhiteSpace(body[0]) || IsWhiteSpace(body[^1]) || !Utf8.IsValid(body))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString(); // a lone surrogate escape would not survive a later read
                }
            }

            return reader.BytesConsumed == body.Length;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
