using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Xhs.Cli.OpenApi;

/// <summary>A download that did not give a usable document; the message is one line that names the document.</summary>
internal sealed class DocumentDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fetches an OpenAPI document from the vendor's documentation site, and refuses anything that is not
/// one: HTTPS unless allowed otherwise (loopback may be plain HTTP), no token anywhere in the request,
/// redirects followed only on the same host, a size limit, a timeout, and a body that must be UTF-8
/// JSON (or YAML) with a top-level <c>openapi</c> or <c>swagger</c>.
/// </summary>
internal sealed class DocumentDownloader : IDisposable
{
    /// <summary>The default size limit: 20 MB.</summary>
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly bool _allowInsecure;
    private readonly long _maxBytes;
    private readonly TimeSpan _timeout;

    public DocumentDownloader(bool allowInsecure, TimeSpan timeout, long maxBytes = DefaultMaxBytes, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("xhs", typeof(DocumentDownloader).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _allowInsecure = allowInsecure;
        _timeout = timeout;
        _maxBytes = maxBytes;
    }

    /// <summary>Checks a source URL before anything is sent.</summary>
    /// <exception cref="ArgumentException">Not an absolute http(s) URL, plain HTTP without permission, or a URL that carries a token.</exception>
    public Uri CheckSource(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{text}' is not an http(s) URL of an OpenAPI document (for example https://docs.justoneapi.com/openapi/xiaohongshu-apis/user-search-v2-en.json).");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !_allowInsecure)
        {
            throw new ArgumentException($"'{uri}' is plain HTTP: the document could be altered on the way. Use HTTPS, or pass --allow-insecure.");
        }

        if (uri.Query.Contains("token=", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ArgumentException("The document URL carries credentials (a token parameter or user info); documents need none. Remove them.");
        }

        return uri;
    }

    /// <summary>Downloads and checks one document.</summary>
    /// <param name="name">The document's file name, for messages.</param>
    /// <param name="source">Its URL, already checked.</param>
    /// <exception cref="DocumentDownloadException">The download failed or did not give an OpenAPI document.</exception>
    public async Task<byte[]> DownloadAsync(string name, Uri source, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            var content = await FetchAsync(name, source, timeout.Token).ConfigureAwait(false);
            Check(name, source, content);
            return content;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DocumentDownloadException($"{name}: {source} did not answer within {_timeout.TotalSeconds:0.#} s (--timeout).");
        }
        catch (HttpRequestException ex)
        {
            throw new DocumentDownloadException($"{name}: {source} could not be reached: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new DocumentDownloadException($"{name}: the download from {source} broke off: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> FetchAsync(string name, Uri source, CancellationToken cancellationToken)
    {
        var address = source;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Accept.ParseAdd("application/json, application/yaml;q=0.9, */*;q=0.1");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(address, location);
                if (!string.Equals(next.Host, source.Host, StringComparison.OrdinalIgnoreCase) || next.Port != source.Port)
                {
                    throw new DocumentDownloadException($"{name}: {source} redirects to another host ({next.GetLeftPart(UriPartial.Authority)}); refusing to follow. Check the source URL.");
                }

                if (next.Scheme == Uri.UriSchemeHttp && source.Scheme == Uri.UriSchemeHttps)
                {
                    throw new DocumentDownloadException($"{name}: {source} redirects from HTTPS to plain HTTP; refusing to follow.");
                }

                if (redirects >= MaxRedirects)
                {
                    throw new DocumentDownloadException($"{name}: {source} redirects more than {MaxRedirects} times.");
                }

                address = next;
                continue;
            }

            if (status != 200)
            {
                throw new DocumentDownloadException($"{name}: {address} answered HTTP {status} {response.ReasonPhrase}; the document was not changed.");
            }

            if (response.Content.Headers.ContentLength is { } length && length > _maxBytes)
            {
                throw new DocumentDownloadException($"{name}: {address} sends {length} bytes, more than the limit of {_maxBytes} bytes (--max-bytes).");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _maxBytes)
                {
                    throw new DocumentDownloadException($"{name}: {address} sends more than the limit of {_maxBytes} bytes (--max-bytes).");
                }

                buffer.Write(chunk, 0, read);
            }

            if (response.Content.Headers.ContentLength is { } expected && expected != buffer.Length)
            {
                throw new DocumentDownloadException($"{name}: {address} sent {buffer.Length} of {expected} bytes: the download was cut short.");
            }

            return buffer.ToArray();
        }
    }

    private static void Check(string name, Uri source, byte[] content)
    {
        if (content.Length == 0)
        {
            throw new DocumentDownloadException($"{name}: {source} sent an empty body.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentDownloadException($"{name}: {source} sent binary data, not UTF-8 text.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new DocumentDownloadException($"{name}: {source} sent binary data, not UTF-8 text.");
        }

        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('<'))
        {
            throw new DocumentDownloadException($"{name}: {source} sent an HTML or XML page, not an OpenAPI document. Check the URL.");
        }

        if (IsYaml(name))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^(openapi|swagger)\s*:"))
            {
                throw new DocumentDownloadException($"{name}: {source} is not an OpenAPI document (no top-level 'openapi').");
            }

            return;
        }

        try
        {
            using var json = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 256 });
            if (json.RootElement.ValueKind != JsonValueKind.Object || (!json.RootElement.TryGetProperty("openapi", out _) && !json.RootElement.TryGetProperty("swagger", out _)))
            {
                throw new DocumentDownloadException($"{name}: {source} sent JSON that is not an OpenAPI document (no top-level 'openapi').");
            }
        }
        catch (JsonException ex)
        {
            throw new DocumentDownloadException($"{name}: {source} sent something that is not valid JSON (cut short?): {ex.Message}");
        }
    }

    public static bool IsYaml(string name) => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public void Dispose() => _http.Dispose();
}
