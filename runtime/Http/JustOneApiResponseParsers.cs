using System;
using System.Buffers;

namespace XhsGenerated.Http;

/// <summary>Reads a whole response body into a typed response; generated as <c>XResponse.Parse</c>.</summary>
/// <typeparam name="T">The response type.</typeparam>
/// <param name="utf8Json">The body.</param>
/// <returns>The response, whatever its code.</returns>
public delegate T JustOneApiResponseParser<out T>(ReadOnlySpan<byte> utf8Json)
    where T : JustOneApiResponse;

/// <summary>Reads a whole response body held in one or more buffers; generated as <c>XResponse.Parse(in ReadOnlySequence&lt;byte&gt;)</c>.</summary>
/// <typeparam name="T">The response type.</typeparam>
/// <param name="utf8Json">The body.</param>
/// <returns>The response, whatever its code.</returns>
public delegate T JustOneApiSequenceParser<out T>(in ReadOnlySequence<byte> utf8Json)
    where T : JustOneApiResponse;
