using System;
using System.Buffers;
using System.ComponentModel;
using System.Text.Json;

namespace XhsGenerated.Serialization;

/// <summary>
/// Makes a generated response from its <c>data</c> as <see cref="JsonReading.ReadResponse{TResponse, TData}(ReadOnlySpan{byte}, JsonItemReader{TData}, JsonResponseFactory{TResponse, TData})"/>
/// read it; the envelope's members are set by the runtime afterwards.
/// </summary>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <typeparam name="TData">The type of <c>data</c>.</typeparam>
/// <param name="data">The data, when <paramref name="hasData"/>.</param>
/// <param name="hasData">Whether <c>data</c> was there, of the expected kind.</param>
/// <returns>The response, its envelope members not set yet.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TResponse JsonResponseFactory<out TResponse, TData>(TData data, bool hasData)
    where TResponse : JustOneApiResponse;

// A whole response: the envelope read once here for every operation, so that a generated response
// holds only what is its own (the type of data, how to read it, how to make the response).
public static partial class JsonReading
{
    /// <summary>
    /// Reads a whole response body into a generated response: the envelope as
    /// <see cref="ReadEnvelope{T}(ReadOnlySpan{byte}, JsonItemReader{T}, out T, out bool)"/> does,
    /// <c>data</c> through <paramref name="readData"/>, the response made by <paramref name="create"/>
    /// and given the envelope's members.
    /// </summary>
    /// <typeparam name="TResponse">The response type.</typeparam>
    /// <typeparam name="TData">The type of <c>data</c>.</typeparam>
    /// <param name="utf8Json">The body.</param>
    /// <param name="readData">Reads <c>data</c>, or says it has another kind.</param>
    /// <param name="create">Makes the response from <c>data</c>.</param>
    /// <returns>The response, whatever its <c>code</c>.</returns>
    /// <exception cref="JsonException">The body is not Unicode JSON text, or not the envelope (an object with a <c>code</c>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="readData"/> or <paramref name="create"/> is null.</exception>
    public static TResponse ReadResponse<TResponse, TData>(ReadOnlySpan<byte> utf8Json, JsonItemReader<TData> readData, JsonResponseFactory<TResponse, TData> create)
        where TResponse : JustOneApiResponse
    {
        ArgumentNullException.ThrowIfNull(readData);
        ArgumentNullException.ThrowIfNull(create);
        var envelope = ReadEnvelope(utf8Json, readData, out var data, out var hasData);
        return Complete(create(data, hasData), envelope);
    }

    /// <summary>
    /// Reads a whole response body held in several buffers (as it came from the network) without
    /// copying it into one, with the same result and the same errors as
    /// <see cref="ReadResponse{TResponse, TData}(ReadOnlySpan{byte}, JsonItemReader{TData}, JsonResponseFactory{TResponse, TData})"/>.
    /// </summary>
    /// <typeparam name="TResponse">The response type.</typeparam>
    /// <typeparam name="TData">The type of <c>data</c>.</typeparam>
    /// <param name="utf8Json">The body.</param>
    /// <param name="readData">Reads <c>data</c>, or says it has another kind.</param>
    /// <param name="create">Makes the response from <c>data</c>.</param>
    /// <returns>The response, whatever its <c>code</c>.</returns>
    /// <exception cref="JsonException">The body is not Unicode JSON text, or not the envelope (an object with a <c>code</c>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="readData"/> or <paramref name="create"/> is null.</exception>
    public static TResponse ReadResponse<TResponse, TData>(in ReadOnlySequence<byte> utf8Json, JsonItemReader<TData> readData, JsonResponseFactory<TResponse, TData> create)
        where TResponse : JustOneApiResponse
    {
        ArgumentNullException.ThrowIfNull(readData);
        ArgumentNullException.ThrowIfNull(create);
        var envelope = ReadEnvelope(in utf8Json, readData, out var data, out var hasData);
        return Complete(create(data, hasData), envelope);
    }

    private static TResponse Complete<TResponse>(TResponse response, in JsonEnvelope envelope)
        where TResponse : JustOneApiResponse
    {
        if (response is null)
        {
            throw new InvalidOperationException("The response factory returned null.");
        }

        response.SetEnvelope(envelope.Code, envelope.Message, envelope.RecordTime, envelope.RequestId, Finish(envelope.Additional));
        return response;
    }
}
