using Microsoft.Data.Sqlite;
using Npgsql;

namespace Xhs.Cli.Harvest;

/// <summary>What the harvest's database does when it goes away (a restart, a failover, a busy file) or refuses.</summary>
internal sealed partial class HarvestStore
{
    /// <summary>How long a page that was paid for waits for a database that went away (a restart, a failover) before the run gives up.</summary>
    public static TimeSpan OutageLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="operation"/>, waiting for a database that restarts or is busy (up to
    /// <see cref="OutageLimit"/>, or <paramref name="startWait"/> when opening, then
    /// <see cref="DependencyUnavailableException"/>, exit 75), with a
    /// line on stderr when it goes and when it is back. A database that refuses is a
    /// <see cref="HarvestStoreException"/> naming it and saying what <paramref name="failing"/>.
    /// <paramref name="page"/> is the paid page being stored, if any.
    /// </summary>
    private async Task<T> WhileAwayAsync<T>(string failing, (string Keyword, int Page)? page, Func<Task<T>> operation, CancellationToken cancellationToken, TimeSpan? startWait = null)
    {
        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromMilliseconds(200);
        var warned = false;
        var what = page is { } p ? $"{UserWriter.ForTerminal(p.Keyword)} page {p.Page}" : null;
        while (true)
        {
            try
            {
                var result = await operation().ConfigureAwait(false);
                if (warned)
                {
                    Console.Error.WriteLine(what is null ? "xhs: the database is back." : $"xhs: the database is back; {what} stored.");
                }

                return result;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (startWait is { } limit && DateTimeOffset.UtcNow - started >= limit)
                {
                    throw new DependencyUnavailableException($"{Describe()} did not answer within {limit.TotalSeconds:0.#} s (--wait; {Reason(ex)}). Start it and run again; a supervisor may simply restart this command.", ex);
                }

                if (startWait is null && DateTimeOffset.UtcNow - started > OutageLimit)
                {
                    throw new DependencyUnavailableException($"{Describe()} did not come back within {OutageLimit.TotalMinutes:0.#} min ({Reason(ex)}); the pages not yet stored will be requested again by the next run.", ex);
                }

                if (!warned)
                {
                    Console.Error.WriteLine(what is null
                        ? $"xhs: {Describe()} does not answer ({Reason(ex)}); waiting for it."
                        : $"xhs: {Describe()} does not answer ({Reason(ex)}); {what} is kept and stored when it is back.");
                    warned = true;
                }

                (_source as NpgsqlDataSource)?.Clear();
                var pause = startWait is { } cap && cap - (DateTimeOffset.UtcNow - started) is var left && left < delay ? left : delay;
                await Task.Delay(pause > TimeSpan.Zero ? pause : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 3000));
            }
            catch (Exception ex) when (ex is SqliteException or PostgresException)
            {
                var advice = ex is SqliteException ? "Check that the file and its folder are writable and the disk has room; e" : "E";
                throw new HarvestStoreException($"{Describe()} {failing}: {Reason(ex)}. {advice}very page stored so far is whole, and the next run resumes after them.", ex);
            }
        }
    }

    /// <summary>The database as messages name it: the SQLite file, or PostgreSQL's host and database (never a password).</summary>
    private string Describe() => _database.Describe();

    private static string Reason(Exception ex) => ex switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.Replace($"SQLite Error {sqlite.SqliteErrorCode}: ", "", StringComparison.Ordinal).Trim('\'', '.', ' ')}",
        _ => ex.GetType().Name + ": " + ex.Message,
    };

    /// <summary>A database restarting, failing over or busy: worth waiting for.</summary>
    private static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "53300" or "40001" or "40P01",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException || npgsql.InnerException is TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6,
        _ => false,
    };
}
