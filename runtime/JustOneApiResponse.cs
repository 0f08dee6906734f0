using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XhsGenerated;

/// <summary>
/// The envelope every Just One API answer comes in: <c>{ "code", "message", "data", "recordTime", "requestId" }</c>.
/// Generated response types derive from it and add a typed <c>Data</c>.
/// </summary>
public abstract class JustOneApiResponse
{
    // Fields, not auto-properties: the runtime's reader sets them on a response it has just made.
    private int _code;
    private string? _message;
    private string? _recordTime;
    private string? _requestId;
    private IReadOnlyDictionary<string, JsonElement> _additionalProperties = Serialization.JsonReading.NoAdditionalProperties;

    /// <summary>The business code: 0 is success, whatever the HTTP status.</summary>
    [JsonPropertyName("code")]
    public int Code { get => _code; init => _code = value; }

    /// <summary>The API's message, when it sends one.</summary>
    [JsonPropertyName("message")]
    public string? Message { get => _message; init => _message = value; }

    /// <summary>When the API recorded the answer, as it wrote it (ISO 8601 in UTC, <c>2025-12-31T14:55:21Z</c>), or null.</summary>
    [JsonPropertyName("recordTime")]
    public string? RecordTime { get => _recordTime; init => _recordTime = value; }

    /// <summary>
    /// <see cref="RecordTime"/> as a point in time: ISO 8601 with its zone (UTC when it has none
    /// and a <c>T</c>), <c>yyyy-MM-dd HH:mm:ss</c> read as China Standard Time (UTC+8), or Unix
    /// seconds or milliseconds. Null when it is absent or in no form known.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? RecordedAt => Serialization.RecordTimes.Parse(RecordTime);

    /// <summary>
    /// The notice the server sent for SDK users in the <c>JUSTONEAPI_PYTHON_SDK_LOG_MESSAGE</c>
    /// header, control characters removed and the token masked; null when none. The client also logs
    /// each distinct notice once as a warning.
    /// </summary>
    [JsonIgnore]
    public string? Notice { get; internal set; }

    /// <summary>The API's id for the request; quote it to the vendor's support.</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get => _requestId; init => _requestId = value; }

    /// <summary>Whether <see cref="Code"/> is 0.</summary>
    [JsonIgnore]
    public bool IsSuccess => Code == BusinessCodes.Success;

    /// <summary>Whether <see cref="Code"/> is 201: a success with no data (billed); the data is empty.</summary>
    [JsonIgnore]
    public bool IsNoContent => Code == BusinessCodes.NoContent;

    /// <summary>Envelope members other than the known ones, by JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    /// <summary>Sets the envelope's members of a response <see cref="Serialization.JsonReading.ReadResponse{TResponse, TData}(ReadOnlySpan{byte}, Serialization.JsonItemReader{TData}, Serialization.JsonResponseFactory{TResponse, TData})"/> has just made.</summary>
    internal void SetEnvelope(int code, string? message, string? recordTime, string? requestId, IReadOnlyDictionary<string, JsonElement> additionalProperties)
    {
        _code = code;
        _message = message;
        _recordTime = recordTime;
        _requestId = requestId;
        _additionalProperties = additionalProperties;
    }
}
