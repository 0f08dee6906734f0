using System;
using System.Net;
using System.Text.Json;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// Reads the answer as the <c>{code, message, data}</c> envelope whatever its HTTP status: code 0 (and 201, no content) is
/// the response; any other code the typed exception for it; a body that is not the envelope a
/// <see cref="JustOneApiProtocolException"/> quoting its start. A 5xx counts against the endpoint.
/// </summary>
internal sealed class EnvelopeInterpreter
{
    private readonly TokenRedactor _redactor;
    private readonly EndpointFailover _endpoints;
    private readonly TimeProvider _time;

    public EnvelopeInterpreter(TokenRedactor redactor, EndpointFailover endpoints, TimeProvider time)
    {
        _redactor = redactor;
        _endpoints = endpoints;
        _time = time;
    }

    public T Interpret<T>(Call<T> call, Uri endpoint, Answer answer)
        where T : JustOneApiResponse
    {
        var status = answer.Status;
        var serverError = (int)status >= 500;
        var retryAfter = answer.RetryAfter(_time);
        T parsed;
        try
        {
            parsed = call.Parse(answer.Body.Sequence);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The generated parsers throw only JsonException; any other exception from a parser is
            // still an unreadable body, never an escape from the typed contract.
            if (serverError)
            {
                _endpoints.Failed(call, endpoint);
            }

            throw NotTheEnvelope(call, endpoint, answer, retryAfter, ex);
        }

        if (serverError)
        {
            _endpoints.Failed(call, endpoint);
        }
        else
        {
            _endpoints.Succeeded(endpoint);
        }

        if (BusinessCodes.IsAnswer(parsed.Code))
        {
            // 201 is a success with no data (and billed): the envelope, its data empty.
            return parsed;
        }

        throw JustOneApiException.FromBusinessCode(call.Details(endpoint) with
        {
            BusinessCode = parsed.Code,
            HttpStatusCode = status,
            RequestId = _redactor.Redact(parsed.RequestId),
            ApiMessage = _redactor.Redact(parsed.Message),
            RetryAfter = retryAfter,
            IsTransient = BusinessCodes.IsTransient(parsed.Code),
        });
    }

    private JustOneApiProtocolException NotTheEnvelope<T>(Call<T> call, Uri endpoint, Answer answer, TimeSpan? retryAfter, Exception ex)
        where T : JustOneApiResponse
    {
        var status = answer.Status;
        var transient = (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        var contentType = answer.Response.Content.Headers.ContentType?.MediaType ?? "no content type";
        var reason = _redactor.Redact(ex.Message);
        var message = _redactor.Redact(
            $"{call.OperationId} ({call.Request.Method} {call.Request.Path}, HTTP {(int)status}) answered with something that is not the Just One API envelope ({contentType}, {answer.Body.Length} bytes: {reason}){BodyExcerpt.Of(answer.Body.Start(BodyExcerpt.WindowBytes), _redactor)}. "
            + (transient ? "A proxy or gateway may have answered for the API; this is transient." : "Check the endpoint: it may not be Just One API."));
        return new JustOneApiProtocolException(
            message!,
            call.Details(endpoint) with { HttpStatusCode = status, RetryAfter = retryAfter, IsTransient = transient },
            new JsonException(reason));
    }
}
