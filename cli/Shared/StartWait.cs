using System.CommandLine;

namespace Xhs.Cli.Shared;

/// <summary>
/// <c>--wait</c> (also <c>--redis-wait</c>): how long a command waits at start for Redis and the
/// database when they do not answer yet (a supervisor restarting everything at once) before it exits
/// with 75.
/// </summary>
internal static class StartWait
{
    private static readonly Option<int> Seconds = new("--wait", "--redis-wait") { Description = "Seconds to wait at start for Redis and the database when they do not answer yet, before giving up with exit code 75.", DefaultValueFactory = _ => 60 };

    public static void AddTo(Command command) => command.Add(Seconds);

    /// <exception cref="ArgumentException">Not 0 to 3600 seconds.</exception>
    public static TimeSpan Read(ParseResult parse)
    {
        var seconds = parse.GetValue(Seconds);
        return seconds is >= 0 and <= 3600 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException("--wait must be 0 to 3600 seconds.");
    }
}
