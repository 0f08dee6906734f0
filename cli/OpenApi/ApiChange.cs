namespace Xhs.Cli.OpenApi;

/// <summary>
/// One change a new document makes to the code a user compiles against.
/// </summary>
/// <param name="Kind">What changed: <c>type-added</c>, <c>type-removed</c>, <c>method-added</c>, <c>method-removed</c>,
/// <c>parameter-added</c>, <c>parameter-removed</c>, <c>parameter-renamed</c>, <c>parameter-retyped</c>,
/// <c>parameter-now-required</c>, <c>parameter-now-optional</c>, <c>enum-value-added</c>, <c>enum-value-removed</c>,
/// <c>member-added</c>, <c>member-removed</c>, <c>member-retyped</c>, <c>member-kept-by-sample</c>.</param>
/// <param name="Breaking">Whether code written against the old client may stop compiling or change meaning.</param>
/// <param name="Subject">The type or method it happens in, as the user names it (<c>XiaohongshuClient.SearchUserV2Async</c>).</param>
/// <param name="Member">The parameter, property or enum value, when the change is to one.</param>
/// <param name="Detail">In words, with the old and new types where they matter.</param>
internal sealed record ApiChange(string Kind, bool Breaking, string Subject, string? Member, string Detail);
