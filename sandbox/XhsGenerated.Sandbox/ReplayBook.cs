using XhsGenerated.Recording;

namespace XhsGenerated.Sandbox;

/// <summary>Recorded answers by request: each request gets the next answer recorded for it, and the last one again once they are used up.</summary>
internal sealed class ReplayBook
{
    private readonly Dictionary<string, (JustOneApiRecord[] Records, int Next)> _byKey;
    private readonly object _gate = new();

    public ReplayBook(IEnumerable<JustOneApiRecord> records)
        => _byKey = records.GroupBy(r => r.MatchKey(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => (g.ToArray(), 0), StringComparer.Ordinal);

    public JustOneApiRecord? Next(string key)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(key, out var entry))
            {
                return null;
            }

            _byKey[key] = (entry.Records, Math.Min(entry.Next + 1, entry.Records.Length - 1));
            return entry.Records[entry.Next];
        }
    }
}
