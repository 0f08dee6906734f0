using System.CommandLine;

namespace Xhs.Cli.Shared;

/// <summary><c>--redis-wait</c>: how long a command waits for a Redis that does not answer at start before it exits with 75.</summary>
internal static class RedisWait
{
    private static readonly Option<int> Seconds = new("--redis-wait") { Description = "Seconds to wait for Redis at start before giving up with exit code 75.", DefaultValueFactory = _ => 60 };

    public static void AddTo(Command command) => command.Add(Seconds);

    /// <exception cref="ArgumentException">Not 0 to 3600 seconds.</exception>
    public static TimeSpan Read(ParseResult parse)
    {
        var seconds = parse.GetValue(Seconds);
        return seconds is >= 0 and <= 3600 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException("--redis-wait must be 0 to 3600 seconds.");
    }
}
