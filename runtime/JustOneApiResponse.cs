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
    /// <summary>The business code: 0 is success, whatever the HTTP status.</summary>
    [JsonPropertyName("code")]
    public int Code { get; init; }

    /// <summary>The API's message, when it sends one.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>When the API recorded the answer, as it wrote it.</summary>
    [JsonPropertyName("recordTime")]
    public string? RecordTime { get; init; }

    /// <summary>The API's id for the request; quote it to the vendor's support.</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    /// <summary>Whether <see cref="Code"/> is 0.</summary>
    [JsonIgnore]
    public bool IsSuccess => Code == BusinessCodes.Success;

    /// <summary>Envelope members other than the known ones, by JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get; init; } = Serialization.JsonReading.NoAdditionalProperties;
}
