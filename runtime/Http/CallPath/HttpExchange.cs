using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// One request and its whole answer: the token and user agent put on the request, the body read into
/// pooled buffers within <see cref="JustOneApiOptions.MaxResponseBytes"/>. A network failure is a
/// transient <see cref="JustOneApiTransportException"/> with a redacted message; an answer over the
/// limit a <see cref="JustOneApiProtocolException"/>.
/// </summary>
internal sealed class HttpExchange
{
    private readonly HttpClient _http;
    private readonly string _token;
    private readonly string _userAgent;
    private readonly JustOneApiOptions _options;
    private readonly TokenRedactor _redactor;
    private readonly EndpointFailover _endpoints;

    public HttpExchange(HttpClient http, JustOneApiOptions options, TokenRedactor redactor, EndpointFailover endpoints)
    {
        _http = http;
        _token = options.Token!;
        _userAgent = UserAgent.For(options.UserAgent);
        _options = options;
        _redactor = redactor;
        _endpoints = endpoints;
    }

    /// <summary>Sends the call's request to <paramref name="endpoint"/> and reads the whole answer.</summary>
    public async Task<Answer> SendAsync<T>(Call<T> call, Uri endpoint, CancellationToken cancellationToken)
        where T : JustOneApiResponse
    {
        using var message = call.Request.ToHttpRequest(endpoint, _token, _userAgent);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Failure(call, endpoint, ex);
        }

        try
        {
            var body = await ResponseBody.ReadAsync(response.Content, (int)_options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            return new Answer(response, body);
        }
        catch (ResponseTooLargeException tooLarge)
        {
            response.Dispose();

            // Not transient: the same request would bring the same body.
            throw new JustOneApiProtocolException(
                $"{call.OperationId} ({call.Request.Method} {call.Request.Path}, HTTP {(int)response.StatusCode}) answered with {tooLarge.Size}, more than JustOneApiOptions.MaxResponseBytes ({_options.MaxResponseBytes} bytes). Raise it if the answer is expected to be that large.",
                call.Details(endpoint) with { HttpStatusCode = response.StatusCode });
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            response.Dispose();
            throw Failure(call, endpoint, ex);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private JustOneApiTransportException Failure<T>(Call<T> call, Uri endpoint, Exception ex)
        where T : JustOneApiResponse
    {
        _endpoints.Failed(call, endpoint);

        // The inner exception is a redacted copy: the original may carry the URL, query and token.
        var message = _redactor.Redact(ex.Message);
        return new JustOneApiTransportException(
            $"{call.Describe()} could not reach {endpoint.GetLeftPart(UriPartial.Authority)}: {message} Check the network or the endpoint; this is transient.",
            call.Details(endpoint) with { IsTransient = true },
            new HttpRequestException(message, null, (ex as HttpRequestException)?.StatusCode));
    }
}

/// <summary>An answer read whole: its status, headers and body (pooled: dispose it).</summary>
internal sealed class Answer : IDisposable
{
    public Answer(HttpResponseMessage response, ResponseBody body)
    {
        Response = response;
        Body = body;
    }

    public HttpResponseMessage Response { get; }

    public HttpStatusCode Status => Response.StatusCode;

    public ResponseBody Body { get; }

    /// <summary>The <c>Retry-After</c> header as a wait from now (a date in the past is no wait), or null.</summary>
    public TimeSpan? RetryAfter(TimeProvider time)
    {
        var header = Response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public void Dispose()
    {
        Body.Dispose();
        Response.Dispose();
    }
}
