using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace XhsGenerated.Http;

/// <summary>
/// Paging for generated <c>…PagesAsync</c> methods: one response per page, from the first page on,
/// until a page has no items or the most pages were read. Written once here rather than as an async
/// iterator per operation (each of which the compiler turns into a state machine of its own).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JustOneApiPaging
{
    /// <summary>Requests pages lazily: a page is requested when the previous one has been consumed.</summary>
    /// <typeparam name="TResponse">The operation's response.</typeparam>
    /// <param name="fetch">Requests one page (its number, and the enumeration's cancellation).</param>
    /// <param name="count">How many items a response holds; 0 ends the paging (that page is not returned).</param>
    /// <param name="firstPage">The first page.</param>
    /// <param name="maxPages">The most pages to request; null until a page comes back empty.</param>
    /// <param name="cancellationToken">Stops the enumeration and cancels the request in flight (combined with the enumerator's own).</param>
    /// <returns>The responses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fetch"/> or <paramref name="count"/> is null (at the call, not at the first page).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPages"/> is less than 1.</exception>
    public static IAsyncEnumerable<TResponse> Pages<TResponse>(
        Func<long, CancellationToken, Task<TResponse>> fetch,
        Func<TResponse, int> count,
        long firstPage,
        int? maxPages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(count);
        if (maxPages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPages), maxPages, "At least one page, or null to read until a page comes back empty.");
        }

        return Read(fetch, count, firstPage, maxPages, cancellationToken);
    }

    private static async IAsyncEnumerable<TResponse> Read<TResponse>(
        Func<long, CancellationToken, Task<TResponse>> fetch,
        Func<TResponse, int> count,
        long firstPage,
        int? maxPages,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var read = 0;
        for (var current = firstPage; maxPages is null || read < maxPages; current++)
        {
            var response = await fetch(current, cancellationToken).ConfigureAwait(false);
            read++;
            if (count(response) == 0)
            {
                yield break;
            }

            yield return response;
        }
    }
}
