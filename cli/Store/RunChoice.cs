using System.CommandLine;

namespace Xhs.Cli.Store;

/// <summary>
/// What the commands that read runs share: <c>--db</c> and <c>--format</c>, opening the database
/// (migrated on first open), and choosing runs, with a message that says what to do when a run is
/// missing or there are too few.
/// </summary>
internal static class RunChoice
{
    public static Option<string> DbOption() => new("--db") { Description = "The harvest's database: a SQLite file (default users.db) or a PostgreSQL connection string.", DefaultValueFactory = _ => "users.db" };

    public static Option<string> FormatOption() => new("--format") { Description = "table (default), csv, json or markdown.", DefaultValueFactory = _ => "table" };

    public static Option<int?> RunOption(string name, string what) => new(name) { Description = what };

    /// <summary>The run with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">There is none.</exception>
    public static RunInfo Named(IReadOnlyList<RunInfo> runs, int id, string option, string db)
        => runs.FirstOrDefault(r => r.Id == id) ?? throw new ArgumentException(
            $"{option}: there is no run {id} in {Shown(db)} (runs: {(runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => r.Id)))}). xhs runs --db … lists them.");

    /// <summary>The last finished run older than <paramref name="before"/> (or the last of all).</summary>
    public static RunInfo? LastFinished(IReadOnlyList<RunInfo> runs, int? before = null)
        => runs.LastOrDefault(r => r.Finished && (before is null || r.Id < before));

    /// <summary>Says that <paramref name="needed"/> finished runs are needed, and how to get them.</summary>
    public static ArgumentException TooFew(IReadOnlyList<RunInfo> runs, int needed, string db)
    {
        var finished = runs.Count(r => r.Finished);
        var unfinished = runs.Count - finished;
        return new ArgumentException(
            $"{Shown(db)} has {finished} finished run(s){(unfinished > 0 ? $" and {unfinished} unfinished" : "")}; this needs {needed}. "
            + (unfinished > 0 ? "Run the same xhs harvest again to finish a run, " : "Run xhs harvest again (a day later, say) ")
            + "or name a run with --from/--to/--run.");
    }

    /// <summary>The database as a message shows it: a file path, or PostgreSQL without its password.</summary>
    public static string Shown(string db) => HarvestDatabase.IsPostgresString(db) ? "the PostgreSQL database" : db;
}
