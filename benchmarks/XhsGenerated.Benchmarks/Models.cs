using System.Text.Json.Serialization;
using NewtonsoftProperty = Newtonsoft.Json.JsonPropertyAttribute;

namespace XhsGenerated.Benchmarks;

// Hand-written models equivalent to the generated ones, as a user of System.Text.Json or
// Newtonsoft.Json would write them: ordinary setters (STJ's fastest form) and lists.
#pragma warning disable CA2227 // Setters on collections: the fastest form for the serializers compared.

public sealed class ResponseDto
{
    [JsonPropertyName("code"), NewtonsoftProperty("code")] public int Code { get; set; }
    [JsonPropertyName("message"), NewtonsoftProperty("message")] public string? Message { get; set; }
    [JsonPropertyName("recordTime"), NewtonsoftProperty("recordTime")] public string? RecordTime { get; set; }
    [JsonPropertyName("requestId"), NewtonsoftProperty("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("data"), NewtonsoftProperty("data")] public DataDto? Data { get; set; }
}

public sealed class DataDto
{
    [JsonPropertyName("users"), NewtonsoftProperty("users")] public List<UserDto> Users { get; set; } = new();
    [JsonPropertyName("filters"), NewtonsoftProperty("filters")] public List<FilterDto> Filters { get; set; } = new();
}

public sealed class UserDto
{
    [JsonPropertyName("desc"), NewtonsoftProperty("desc")] public string? Desc { get; set; }
    [JsonPropertyName("followed"), NewtonsoftProperty("followed")] public bool? Followed { get; set; }
    [JsonPropertyName("id"), NewtonsoftProperty("id")] public string? Id { get; set; }
    [JsonPropertyName("image"), NewtonsoftProperty("image")] public string? Image { get; set; }
    [JsonPropertyName("link"), NewtonsoftProperty("link")] public string? Link { get; set; }
    [JsonPropertyName("name"), NewtonsoftProperty("name")] public string? Name { get; set; }
    [JsonPropertyName("reason"), NewtonsoftProperty("reason")] public string? Reason { get; set; }
    [JsonPropertyName("red_id"), NewtonsoftProperty("red_id")] public string? RedId { get; set; }
    [JsonPropertyName("red_official_verified"), NewtonsoftProperty("red_official_verified")] public bool? RedOfficialVerified { get; set; }
    [JsonPropertyName("red_official_verify_type"), NewtonsoftProperty("red_official_verify_type")] public long? RedOfficialVerifyType { get; set; }
    [JsonPropertyName("self"), NewtonsoftProperty("self")] public bool? Self { get; set; }
    [JsonPropertyName("show_red_official_verify_icon"), NewtonsoftProperty("show_red_official_verify_icon")] public bool? ShowRedOfficialVerifyIcon { get; set; }
    [JsonPropertyName("sub_title"), NewtonsoftProperty("sub_title")] public string? SubTitle { get; set; }
}

public sealed class FilterDto
{
    [JsonPropertyName("filter_tags"), NewtonsoftProperty("filter_tags")] public List<FilterTagDto> FilterTags { get; set; } = new();
    [JsonPropertyName("group_show_type"), NewtonsoftProperty("group_show_type")] public long? GroupShowType { get; set; }
    [JsonPropertyName("id"), NewtonsoftProperty("id")] public string? Id { get; set; }
    [JsonPropertyName("invisible"), NewtonsoftProperty("invisible")] public bool? Invisible { get; set; }
    [JsonPropertyName("name"), NewtonsoftProperty("name")] public string? Name { get; set; }
    [JsonPropertyName("type"), NewtonsoftProperty("type")] public string? Type { get; set; }
    [JsonPropertyName("word_request_id"), NewtonsoftProperty("word_request_id")] public string? WordRequestId { get; set; }
}

public sealed class FilterTagDto
{
    [JsonPropertyName("icon_tail_url"), NewtonsoftProperty("icon_tail_url")] public string? IconTailUrl { get; set; }
    [JsonPropertyName("icon_tail_url_night"), NewtonsoftProperty("icon_tail_url_night")] public string? IconTailUrlNight { get; set; }
    [JsonPropertyName("icon_url"), NewtonsoftProperty("icon_url")] public string? IconUrl { get; set; }
    [JsonPropertyName("icon_url_night"), NewtonsoftProperty("icon_url_night")] public string? IconUrlNight { get; set; }
    [JsonPropertyName("id"), NewtonsoftProperty("id")] public string? Id { get; set; }
    [JsonPropertyName("name"), NewtonsoftProperty("name")] public string? Name { get; set; }
    [JsonPropertyName("need_location_info"), NewtonsoftProperty("need_location_info")] public bool? NeedLocationInfo { get; set; }
    [JsonPropertyName("origin_text"), NewtonsoftProperty("origin_text")] public string? OriginText { get; set; }
    [JsonPropertyName("sub_filters"), NewtonsoftProperty("sub_filters")] public object? SubFilters { get; set; }
    [JsonPropertyName("sub_filters_select_type"), NewtonsoftProperty("sub_filters_select_type")] public string? SubFiltersSelectType { get; set; }
}

/// <summary>System.Text.Json source generation over the hand-written models: the reader suite's baseline.</summary>
[JsonSerializable(typeof(ResponseDto))]
public sealed partial class DtoJsonContext : JsonSerializerContext
{
}
