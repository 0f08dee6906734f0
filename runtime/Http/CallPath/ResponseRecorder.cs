using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using XhsGenerated.Recording;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// <see cref="JustOneApiOptions.RecordTo"/>: every answer kept as a record file (<c>xhs-record/1</c>),
/// the token masked wherever it appears. A failure to write is logged, never thrown: recording never
/// fails a call.
/// </summary>
internal sealed class ResponseRecorder
{
    private readonly string _folder;
    private readonly TokenRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private ResponseRecorder(string folder, TokenRedactor redactor, TimeProvider time, ILogger logger)
    {
        _folder = folder;
        _redactor = redactor;
        _time = time;
        _logger = logger;
    }

    /// <summary>The recorder the options ask for, or null.</summary>
    public static ResponseRecorder? Create(JustOneApiOptions options, TokenRedactor redactor, ILogger logger)
        => string.IsNullOrWhiteSpace(options.RecordTo) ? null : new ResponseRecorder(options.RecordTo, redactor, options.TimeProvider, logger);

    public async Task RecordAsync<T>(Call<T> call, Answer answer, CancellationToken cancellationToken)
        where T : JustOneApiResponse
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in new[] { "Retry-After", ServerNotices.HeaderName })
        {
            if (answer.Response.Headers.TryGetValues(name, out var values))
            {
                headers.Add(new(name, _redactor.Redact(string.Join(", ", values))!));
            }
        }

        var request = call.Request;
        var record = new JustOneApiRecord(call.OperationId, request.Method, request.Path, (int)answer.Status, RedactBody(answer.Body.Contiguous))
        {
            Parameters = request.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, _redactor.Redact(p.Value)!)).ToArray(),
            ContentType = answer.Response.Content.Headers.ContentType?.ToString(),
            Headers = headers,
            RecordedAt = _time.GetUtcNow(),
        };
        try
        {
            await record.WriteToDirectoryAsync(_folder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TransportLog.RecordFailed(_logger, call.OperationId, _redactor.Redact(ex.Message)!);
        }
    }

    /// <summary>The body with the token masked: the same bytes when it does not hold the token.</summary>
    private ReadOnlyMemory<byte> RedactBody(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        var redacted = _redactor.Redact(text)!;
        return ReferenceEquals(text, redacted) || text == redacted ? body.ToArray() : Encoding.UTF8.GetBytes(redacted);
    }
}
