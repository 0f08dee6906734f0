using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace XhsGenerated.Sandbox;

/// <summary>
/// Deterministic, realistic <c>search-user/v2</c> answers: users shaped exactly like the document's
/// example (its users are the templates, so a field the vendor adds appears here too), drawn from the
/// <see cref="CreatorWorld"/> of a day. A keyword has a finite number of pages (5 to 9); the page after
/// the last has no users. The same keyword, page and day give the same answer whenever asked.
/// </summary>
public sealed class UserSearchPages
{
    private readonly JsonObject _example;
    private readonly int _usersPerPage;
    private readonly ConcurrentDictionary<(string Keyword, int Day), CreatorWorld.Creator[]> _rankings = new();

    /// <summary>Creates the page source from the operation's example.</summary>
    /// <param name="example">The document's example answer (its <c>data.users</c> are the templates).</param>
    /// <param name="usersPerPage">Users on a full page.</param>
    public UserSearchPages(JsonNode? example, int usersPerPage)
    {
        _example = example as JsonObject ?? new JsonObject();
        _usersPerPage = Math.Max(1, usersPerPage);
    }

    /// <summary>How many pages a keyword has.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <returns>5 to 9.</returns>
    public static int PageCount(string keyword) => 5 + (int)(CreatorWorld.Hash("pages", keyword)[0] % 5);

    /// <summary>How many users a page of a keyword holds: full pages, a partial last page, none after it.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <param name="page">The page, from 1.</param>
    /// <returns>The number of users.</returns>
    public int UsersOn(string keyword, int page)
    {
        var pages = PageCount(keyword);
        if (page < 1 || page > pages)
        {
            return 0;
        }

        return page < pages ? _usersPerPage : 1 + (int)(CreatorWorld.Hash("last", keyword)[0] % (uint)_usersPerPage);
    }

    /// <summary>The <c>data</c> of one page on one day.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="day">The world's day (<see cref="CreatorWorld.DayOf"/>).</param>
    /// <returns>A new <c>data</c> object: <c>users</c> and the example's other members (<c>filters</c>…).</returns>
    public JsonObject Data(string keyword, int page, int day)
    {
        var exampleData = _example["data"] as JsonObject ?? new JsonObject();
        var templates = (exampleData["users"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? Array.Empty<JsonObject>();
        var data = (JsonObject)exampleData.DeepClone();
        var users = new JsonArray();
        var count = UsersOn(keyword, page);
        if (count > 0)
        {
            var ranking = Ranking(keyword, day);
            var first = (page - 1) * _usersPerPage;
            for (var i = 0; i < count && first + i < ranking.Length; i++)
            {
                users.Add((JsonNode)User(templates.Length == 0 ? null : templates[i % templates.Length], ranking[first + i].Profile(day)));
            }
        }

        data["users"] = users;
        return data;
    }

    private CreatorWorld.Creator[] Ranking(string keyword, int day)
    {
        if (_rankings.TryGetValue((keyword, day), out var ranking))
        {
            return ranking;
        }

        if (_rankings.Count > 512)
        {
            _rankings.Clear();
        }

        return _rankings[(keyword, day)] = CreatorWorld.Rank(keyword, day, PageCount(keyword) * _usersPerPage);
    }

    private static JsonObject User(JsonObject? template, CreatorWorld.Profile profile)
    {
        var user = (JsonObject?)template?.DeepClone() ?? new JsonObject();
        user["id"] = profile.Id;
        user["name"] = profile.Name;
        user["red_id"] = profile.RedId;
        user["desc"] = profile.Desc;
        user["image"] = profile.Image;
        user["link"] = "xhsdiscover://1/user/user." + profile.Id;
        user["followed"] = false;
        user["self"] = false;
        user["red_official_verified"] = profile.Verified;
        user["show_red_official_verify_icon"] = profile.Verified;
        user["red_official_verify_type"] = profile.Verified ? 1 : 0;
        user["sub_title"] = profile.SubTitle;
        user["reason"] ??= "";
        return user;
    }
}

/// <summary>
/// The sandbox's creators and how they move from day to day. Creators live in pools: one pool per
/// keyword and one per token of a keyword (its words of two letters or more, lower-cased, and each
/// pair of neighbouring CJK characters), so related keywords (穿搭 and 穿搭男) share part of their
/// users. A keyword ranks the creators of its pools, its own pool first-ish; each day about one in
/// five creators has a better or worse day in each keyword, about 3 % are away (absent from every
/// keyword that day), and about 2 % change their profile (name, description, verification).
/// Everything is a hash of keyword, creator and day: deterministic, and the same for every process.
/// </summary>
public static class CreatorWorld
{
    /// <summary>Creators per pool.</summary>
    public const int PoolSize = 200;

    private static readonly string[] NameForms = { "{0}", "{0}", "{0}的日常", "小{0}", "{0} Official", "{0}同学", "{0}_{1}", "{0}研究所" };
    private static readonly string[] DescForms = { "", "", "｜好物分享", "｜合作请私信", "｜每周更新" };
    private static readonly string[] SubTitles = { "", "", "", "粉丝 1.2万", "粉丝 8.6万", "笔记 320" };

    /// <summary>The world's day of a moment: whole days since 1970-01-01 UTC.</summary>
    /// <param name="moment">The moment.</param>
    /// <returns>The day number (2026-12-06 is 20793).</returns>
    public static int DayOf(DateTimeOffset moment) => (int)(moment.UtcTicks / TimeSpan.TicksPerDay - DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerDay);

    /// <summary>Reads a day given as a day number or a yyyy-MM-dd date.</summary>
    /// <param name="text">The text.</param>
    /// <param name="option">The option it came from, for the message.</param>
    /// <returns>The day number.</returns>
    /// <exception cref="ArgumentException">It is neither.</exception>
    public static int ParseDay(string text, string option = "--day")
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day < 3_000_000)
        {
            return day;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        }

        throw new ArgumentException($"{option} must be a day number (days since 1970-01-01) or a date such as 2026-12-06, not '{text}'.");
    }

    /// <summary>The pools a keyword draws from: its own, then its tokens', without repeats.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <returns>The pool keys.</returns>
    public static IReadOnlyList<string> Pools(string keyword)
    {
        var pools = new List<string> { keyword.Trim() };
        foreach (var word in keyword.Split(new[] { ' ', '\t', ',', '，', '、', '/', '#', '&', '+', '?' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var run = new List<char>();
            foreach (var c in word.Append('\0'))
            {
                if (c >= '\u4E00' && c <= '\u9FFF')
                {
                    run.Add(c);
                    continue;
                }

                for (var i = 0; i + 1 < run.Count; i++)
                {
                    pools.Add(new string(new[] { run[i], run[i + 1] }));
                }

                run.Clear();
            }

            var latin = new string(word.Where(ch => ch < '\u4E00' || ch > '\u9FFF').ToArray()).ToLowerInvariant();
            if (latin.Length >= 2 && latin.Any(char.IsLetter))
            {
                pools.Add(latin);
            }
        }

        return pools.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The first <paramref name="count"/> creators of a keyword on a day, best first (fewer when its pools run short).</summary>
    /// <param name="keyword">The keyword.</param>
    /// <param name="day">The day.</param>
    /// <param name="count">How many.</param>
    /// <returns>The creators in rank order.</returns>
    public static Creator[] Rank(string keyword, int day, int count)
    {
        var pools = Pools(keyword);
        var scored = new List<(double Score, Creator Creator)>(pools.Count * PoolSize);
        var dayText = day.ToString(CultureInfo.InvariantCulture);
        for (var p = 0; p < pools.Count; p++)
        {
            for (var i = 0; i < PoolSize; i++)
            {
                var creator = new Creator(pools[p], i);
                if (creator.AwayOn(dayText))
                {
                    continue;
                }

                var h = Hash("score", keyword, creator.Id, dayText);
                // Half the creator's own popularity (the same in every keyword: popular creators show
                // up for related keywords), half its fit to this keyword; its own pool a little ahead.
                var score = (creator.Popularity + Unit(Hash("base", keyword, creator.Id), 0)) / 2 + (p == 0 ? 0.15 : 0);
                if (h[0] < 51)
                {
                    // A better or worse day in this keyword (one creator in five).
                    score += (Unit(h, 1) - 0.5) * 0.3;
                }

                scored.Add((score, creator));
            }
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Creator.Id, StringComparer.Ordinal).Take(count).Select(s => s.Creator).ToArray();
    }

    internal static byte[] Hash(params string[] parts) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts)));

    private static double Unit(byte[] hash, int offset) => BitConverter.ToUInt32(hash, offset * 4) / 4294967296.0;

    /// <summary>A creator: the <paramref name="Index"/>th of pool <paramref name="Pool"/>.</summary>
    /// <param name="Pool">The pool's key (a keyword or a token).</param>
    /// <param name="Index">Its place in the pool.</param>
    public sealed record Creator(string Pool, int Index)
    {
        private readonly byte[] _hash = Hash("creator", Pool, Index.ToString(CultureInfo.InvariantCulture));

        /// <summary>The user id: 24 hex digits.</summary>
        public string Id => Convert.ToHexStringLower(_hash, 0, 12);

        internal double Popularity => Unit(_hash, 7);

        internal bool AwayOn(string day) => Hash("away", Id, day)[0] < 8;

        /// <summary>The profile on a day: a new version every 20 to 120 days, at a moment of its own.</summary>
        /// <param name="day">The day.</param>
        /// <returns>The profile.</returns>
        public Profile Profile(int day)
        {
            var period = 20 + (_hash[12] % 101);
            var version = ((long)day + _hash[13] * 7) / period;
            var v = Hash("version", Id, version.ToString(CultureInfo.InvariantCulture));
            var redId = (10_000_000_000L + (long)(BitConverter.ToUInt64(_hash, 14) % 90_000_000_000L)).ToString(CultureInfo.InvariantCulture);
            var name = string.Format(CultureInfo.InvariantCulture, NameForms[v[0] % NameForms.Length], Pool, _hash[22] % 100);
            var verified = _hash[23] % 10 == 0 ? v[1] % 8 != 0 : v[1] % 40 == 0;
            return new Profile(
                Id,
                name,
                redId,
                "小红书号:" + redId + DescForms[v[2] % DescForms.Length],
                SubTitles[v[3] % SubTitles.Length],
                verified,
                $"https://sns-avatar-qc.xhscdn.com/avatar/{Convert.ToHexStringLower(_hash, 24, 8)}{Id[..8]}.jpg?imageView2/2/w/360/format/webp");
        }
    }

    /// <summary>What a creator shows on a day.</summary>
    /// <param name="Id">The user id.</param>
    /// <param name="Name">The name.</param>
    /// <param name="RedId">The Xiaohongshu number.</param>
    /// <param name="Desc">The description (starts with 小红书号:red_id).</param>
    /// <param name="SubTitle">The subtitle.</param>
    /// <param name="Verified">Whether officially verified.</param>
    /// <param name="Image">The avatar's URL.</param>
    public sealed record Profile(string Id, string Name, string RedId, string Desc, string SubTitle, bool Verified, string Image);
}
