
namespace XhsGenerated.Sandbox;

/// <summary>
/// What the sandbox received and how it answered: counts in total, per business code, per outcome,
/// per token (redacted) and per operation with its keyword and page. Served as JSON at
/// <c>GET /_sandbox/stats</c>.
/// </summary>
public sealed partial class SandboxStats
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byOutcome = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _byCode = new();
    private readonly Dictionary<string, OperationCounts> _byOperation = new(StringComparer.Ordinal);
    private readonly List<string> _keywords = new();
    private int _total;
    private int _documents;
    private int _documentsWithCredentials;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    /// <summary>Every request received (the stats endpoint's own aside).</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Documents requested (<c>GET /openapi/…</c>), and how many of those requests carried a token or credentials (none should).</summary>
    public (int Requests, int WithCredentials) Documents
    {
        get
        {
            lock (_gate)
            {
                return (_documents, _documentsWithCredentials);
            }
        }
    }

    /// <summary>Counts a request for a document; these are not API calls and count nowhere else.</summary>
    /// <param name="withCredentials">Whether it carried a token or an Authorization header.</param>
    public void RecordDocument(bool withCredentials)
    {
        lock (_gate)
        {
            _documents++;
            _documentsWithCredentials += withCredentials ? 1 : 0;
        }
    }

    /// <summary>Requests per path.</summary>
    public IReadOnlyDictionary<string, int> ByPath => Copy(_byPath);

    /// <summary>Requests per token, redacted with <see cref="RedactToken"/> (the empty string when none was sent).</summary>
    public IReadOnlyDictionary<string, int> ByToken => Copy(_byToken);

    /// <summary>Requests per outcome: <c>ok</c>, <c>replayed</c>, <c>code_100</c>, <c>code_301</c>, <c>html_503</c>, <c>truncated</c>, <c>dropped</c>…</summary>
    public IReadOnlyDictionary<string, int> ByOutcome => Copy(_byOutcome);

    /// <summary>Answers per business code sent (answers without an envelope are not counted here).</summary>
    public IReadOnlyDictionary<int, int> ByCode => Copy(_byCode);

    /// <summary>The <c>keyword</c> of each request that had one, as decoded by the server, in arrival order.</summary>
    public IReadOnlyList<string> Keywords
    {
        get
        {
            lock (_gate)
            {
                return _keywords.ToArray();
            }
        }
    }

    /// <summary>When the first and the last request arrived (of those counted); nulls before any.</summary>
    public (DateTimeOffset? First, DateTimeOffset? Last) Arrivals
    {
        get
        {
            lock (_gate)
            {
                return (_first, _last);
            }
        }
    }

    /// <summary>Requests with an outcome.</summary>
    /// <param name="outcome">An outcome name.</param>
    /// <returns>The count, 0 when none.</returns>
    public int Count(string outcome)
    {
        lock (_gate)
        {
            return _byOutcome.TryGetValue(outcome, out var n) ? n : 0;
        }
    }

    /// <summary>The requests of one operation, one entry per distinct set of parameters.</summary>
    /// <param name="operationId">The operation id.</param>
    /// <returns>Each call's parameters, keyword and page, how often it came and the codes it got.</returns>
    public IReadOnlyList<SandboxRequestCount> Requests(string operationId)
    {
        lock (_gate)
        {
            return _byOperation.TryGetValue(operationId, out var operation)
                ? operation.Requests.Values.Select(r => r.Snapshot()).ToArray()
                : Array.Empty<SandboxRequestCount>();
        }
    }

    /// <summary>How a token shows in the stats: its first two characters and a short hash, never the token.</summary>
    /// <param name="token">The token as sent.</param>
    /// <returns><c>""</c> for none, else e.g. <c>sa***#1f2e3d4c</c>.</returns>
    public static string RedactToken(string token)
    {
        if (token.Length == 0)
        {
            return "";
        }

        var hash = XhsGenerated.Scaling.TokenKey.Fingerprint(token, 4);
        return (token.Length >= 12 ? token[..2] : "") + "***#" + hash;
    }

    /// <summary>Counts a request as it arrives.</summary>
    internal RequestCounts? Received(string path, string token, string? operationId, IReadOnlyList<KeyValuePair<string, string>> parameters, string? keyword, long? page)
    {
        lock (_gate)
        {
            _total++;
            var now = DateTimeOffset.UtcNow;
            _first ??= now;
            _last = now;
            Increment(_byPath, path);
            Increment(_byToken, RedactToken(token));
            if (keyword is not null)
            {
                _keywords.Add(keyword);
            }

            if (operationId is null)
            {
                return null;
            }

            if (!_byOperation.TryGetValue(operationId, out var operation))
            {
                _byOperation[operationId] = operation = new OperationCounts();
            }

            operation.Total++;
            var key = string.Join("\n", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
            if (!operation.Requests.TryGetValue(key, out var request))
            {
                operation.Requests[key] = request = new RequestCounts(operation, keyword, page, parameters.ToArray());
            }

            request.Count++;
            return request;
        }
    }

    /// <summary>Counts how a request was answered.</summary>
    internal void Answered(RequestCounts? request, string outcome, int? code)
    {
        lock (_gate)
        {
            Increment(_byOutcome, outcome);
            if (code is { } c)
            {
                Increment(_byCode, c);
                if (request is not null)
                {
                    Increment(request.ByCode, c);
                    Increment(request.Operation.ByCode, c);
                }
            }
        }
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
        => counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

    private IReadOnlyDictionary<TKey, int> Copy<TKey>(Dictionary<TKey, int> counts)
        where TKey : notnull
    {
        lock (_gate)
        {
            return new Dictionary<TKey, int>(counts, counts.Comparer);
        }
    }

    internal sealed class OperationCounts
    {
        public int Total { get; set; }

        public Dictionary<int, int> ByCode { get; } = new();

        public Dictionary<string, RequestCounts> Requests { get; } = new(StringComparer.Ordinal);
    }

    internal sealed class RequestCounts(OperationCounts operation, string? keyword, long? page, KeyValuePair<string, string>[] parameters)
    {
        public OperationCounts Operation => operation;

        public string? Keyword => keyword;

        public long? Page => page;

        public KeyValuePair<string, string>[] Parameters => parameters;

        public int Count { get; set; }

        public Dictionary<int, int> ByCode { get; } = new();

        public SandboxRequestCount Snapshot() => new(keyword, page, parameters, Count, new Dictionary<int, int>(ByCode));
    }
}

/// <summary>One distinct call of an operation: its parameters, how often it came, and the codes it got.</summary>
/// <param name="Keyword">Its <c>keyword</c>, when it had one.</param>
/// <param name="Page">Its <c>page</c> (the document's default when absent), when the operation has one.</param>
/// <param name="Parameters">Every parameter but the token.</param>
/// <param name="Count">How many requests came with these parameters.</param>
/// <param name="ByCode">The business codes they were answered with.</param>
public sealed record SandboxRequestCount(string? Keyword, long? Page, IReadOnlyList<KeyValuePair<string, string>> Parameters, int Count, IReadOnlyDictionary<int, int> ByCode);
