using System.Collections.Concurrent;

namespace XhsGenerated.Sandbox;

/// <summary>What the sandbox received: counts per path, per token and per outcome, and the keywords searched.</summary>
public sealed class SandboxStats
{
    private readonly ConcurrentDictionary<string, int> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _byOutcome = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _keywords = new();
    private int _total;

    /// <summary>Every request received.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Requests per path.</summary>
    public IReadOnlyDictionary<string, int> ByPath => new Dictionary<string, int>(_byPath, StringComparer.Ordinal);

    /// <summary>Requests per token as sent (the empty string when none was).</summary>
    public IReadOnlyDictionary<string, int> ByToken => new Dictionary<string, int>(_byToken, StringComparer.Ordinal);

    /// <summary>Requests per outcome: <c>ok</c>, <c>code_100</c>, <c>code_301</c>, <c>html_503</c>, <c>truncated</c>, <c>dropped</c>…</summary>
    public IReadOnlyDictionary<string, int> ByOutcome => new Dictionary<string, int>(_byOutcome, StringComparer.Ordinal);

    /// <summary>The <c>keyword</c> of each request that had one, as decoded by the server, in arrival order.</summary>
    public IReadOnlyList<string> Keywords => _keywords.ToArray();

    /// <summary>Requests with an outcome.</summary>
    /// <param name="outcome">An outcome name.</param>
    /// <returns>The count, 0 when none.</returns>
    public int Count(string outcome) => _byOutcome.TryGetValue(outcome, out var n) ? n : 0;

    internal void Received(string path, string token, string? keyword)
    {
        Interlocked.Increment(ref _total);
        _byPath.AddOrUpdate(path, 1, (_, n) => n + 1);
        _byToken.AddOrUpdate(token, 1, (_, n) => n + 1);
        if (keyword is not null)
        {
            _keywords.Enqueue(keyword);
        }
    }

    internal void Answered(string outcome) => _byOutcome.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
