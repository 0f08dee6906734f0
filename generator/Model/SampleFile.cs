namespace XhsGenerated.Generator.Model;

/// <summary>
/// One more example of an operation's answer, from <c>openapi/samples/{operationId}/*.json</c>: an
/// envelope as <c>xhs … --record</c> keeps it (<c>xhs-record/1</c>), a bare envelope, or a bare
/// <c>data</c> value. Kept as text so the pipeline compares it by value.
/// </summary>
/// <param name="OperationId">The folder it sits in: the operation it widens.</param>
/// <param name="Path">The file's path, for diagnostics.</param>
/// <param name="Text">The file's text.</param>
internal sealed record SampleFile(string OperationId, string Path, string Text);
