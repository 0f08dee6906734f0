using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace XhsGenerated.Sandbox;

// The stats as the JSON GET /_sandbox/stats serves.
public sealed partial class SandboxStats
{
    /// <summary>The stats as the JSON <c>GET /_sandbox/stats</c> serves.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToUtf8Json()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }))
        {
            lock (_gate)
            {
                w.WriteStartObject();
                w.WriteNumber("total", _total);
                w.WriteNumber("documentRequests", _documents);
                w.WriteNumber("documentRequestsWithCredentials", _documentsWithCredentials);
                if (_first is { } first && _last is { } last)
                {
                    w.WriteString("firstRequestAt", first);
                    w.WriteString("lastRequestAt", last);
                }

                WriteCodes(w, "byCode", _byCode);
                WriteCounts(w, "byOutcome", _byOutcome);
                WriteCounts(w, "byToken", _byToken);
                WriteCounts(w, "byPath", _byPath);
                w.WriteStartObject("byOperation");
                foreach (var (id, operation) in _byOperation.OrderBy(o => o.Key, StringComparer.Ordinal))
                {
                    w.WriteStartObject(id);
                    w.WriteNumber("total", operation.Total);
                    WriteCodes(w, "byCode", operation.ByCode);
                    w.WriteStartArray("requests");
                    foreach (var request in operation.Requests.Values)
                    {
                        w.WriteStartObject();
                        if (request.Keyword is not null)
                        {
                            w.WriteString("keyword", request.Keyword);
                        }

                        if (request.Page is { } page)
                        {
                            w.WriteNumber("page", page);
                        }

                        w.WriteStartObject("parameters");
                        foreach (var (name, value) in request.Parameters)
                        {
                            w.WriteString(name, value);
                        }

                        w.WriteEndObject();
                        w.WriteNumber("count", request.Count);
                        WriteCodes(w, "byCode", request.ByCode);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, Dictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, count);
        }

        w.WriteEndObject();
    }

    private static void WriteCodes(Utf8JsonWriter w, string name, Dictionary<int, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (code, count) in counts.OrderBy(c => c.Key))
        {
            w.WriteNumber(code.ToString(CultureInfo.InvariantCulture), count);
        }

        w.WriteEndObject();
    }
}
