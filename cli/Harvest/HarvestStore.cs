using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Xhs.Cli.Store;

namespace Xhs.Cli.Harvest;

/// <summary>
/// Where <c>xhs harvest</c> keeps what a run found, in a <see cref="HarvestDatabase"/>: per page of the
/// run, its hits (keyword, page, position, user, profile), each user's profile (stored once per
/// version), the user's latest profile in <c>users</c>, and a <c>progress</c> row. A page is written in
/// one transaction, so it is stored whole or not at all.
/// </summary>
internal sealed partial class HarvestStore : IAsyncDisposable
{
    private readonly HarvestDatabase _database;
    private readonly DbDataSource _source;
    private readonly SemaphoreSlim _writes;

    private HarvestStore(HarvestDatabase database)
    {
        _database = database;
        _source = database.Source;
        _writes = new SemaphoreSlim(database.IsPostgres ? 16 : 1);
    }

    /// <summary>What names the database the same way in every process (for shared claims), without secrets.</summary>
    public string Identity => _database.Identity;

    /// <summary>The database, for its runs.</summary>
    public HarvestDatabase Database => _database;

    /// <summary>Opens the store, makes or migrates its schema and checks it can be written; waits up to <paramref name="wait"/> for a database that does not answer yet.</summary>
    /// <exception cref="NotOurDatabaseException">The database holds tables that xhs did not make.</exception>
    public static async Task<HarvestStore> OpenAsync(string db, TimeSpan wait, CancellationToken cancellationToken)
    {
        var store = new HarvestStore(HarvestDatabase.Create(db));
        try
        {
            // A database that is not up yet (a supervisor restarting both) is waited for, up to --wait.
            await store.WhileAwayAsync("cannot be opened", null, () => store.PrepareOnceAsync(cancellationToken), cancellationToken, wait).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    /// <summary>Starts or resumes the run (<see cref="HarvestDatabase.BeginRunAsync"/>), waiting for a database that restarts.</summary>
    public Task<RunStart> BeginRunAsync(IReadOnlyList<string> keywords, int pages, string endpoint, bool newRun, CancellationToken cancellationToken)
        => WhileAwayAsync("cannot start a run", null, () => _database.BeginRunAsync(keywords, pages, endpoint, newRun, cancellationToken), cancellationToken);

    /// <summary>Marks the run finished, waiting for a database that restarts.</summary>
    public Task FinishRunAsync(int runId, CancellationToken cancellationToken)
        => WhileAwayAsync("cannot finish the run", null, async () =>
        {
            await _database.FinishRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Makes or migrates the schema, and checks that a page can be written (a read-only file or a user
    /// without the right is told before any page is paid for): a row inserted and rolled back.
    /// </summary>
    private async Task<bool> PrepareOnceAsync(CancellationToken cancellationToken)
    {
        await _database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var open = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var probe = await open.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(open, probe, "INSERT INTO progress (run_id, keyword, page, users, fetched_at) VALUES (-1, '', -1, 0, '')", cancellationToken).ConfigureAwait(false);
        await probe.RollbackAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every stored page: (keyword, page) and how many users it had. A database that restarts is waited for.</summary>
    public Task<Dictionary<(string Keyword, int Page), int>> StoredPagesAsync(int runId, CancellationToken cancellationToken)
        => WhileAwayAsync("cannot be read", null, () => StoredPagesOnceAsync(runId, null, 0, cancellationToken), cancellationToken);

    /// <summary>
    /// How many users a page was stored with, or null when it is not stored: checked after claiming a
    /// page, since another process may have stored it after this one listed what was pending.
    /// </summary>
    public async Task<int?> StoredUsersAsync(int runId, string keyword, int page, CancellationToken cancellationToken)
    {
        var pages = await WhileAwayAsync("cannot be read", null, () => StoredPagesOnceAsync(runId, keyword, page, cancellationToken), cancellationToken).ConfigureAwait(false);
        return pages.TryGetValue((keyword, page), out var users) ? users : null;
    }

    private async Task<Dictionary<(string Keyword, int Page), int>> StoredPagesOnceAsync(int runId, string? keyword, int page, CancellationToken cancellationToken)
    {
        var pages = new Dictionary<(string, int), int>();
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT keyword, page, users FROM progress WHERE run_id = @run";
        AddParameter(command, "@run", runId);
        if (keyword is not null)
        {
            command.CommandText += " AND keyword = @keyword AND page = @page";
            AddParameter(command, "@keyword", keyword);
            AddParameter(command, "@page", page);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages[(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))] = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
        }

        return pages;
    }

    /// <summary>
    /// Stores one page whole: its users (upserted), its hits and its progress row. A database that
    /// restarts or is busy is waited for (the page was paid for: it is kept and stored once the database
    /// is back, never requested again); a database that cannot take the page (read-only, full) is a
    /// <see cref="HarvestStoreException"/> naming it, with nothing half-written.
    /// </summary>
    public Task StorePageAsync(int runId, string keyword, int page, IReadOnlyList<(string Id, string? Name, string? RedId, string Json)> users, CancellationToken cancellationToken)
        => WhileAwayAsync($"cannot store {UserWriter.ForTerminal(keyword)} page {page}", (keyword, page), async () =>
        {
            await StorePageOnceAsync(runId, keyword, page, users, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task StorePageOnceAsync(int runId, string keyword, int page, IReadOnlyList<(string Id, string? Name, string? RedId, string Json)> users, CancellationToken cancellationToken)
    {
        var now = HarvestDatabase.Now();
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            for (var position = 0; position < users.Count; position++)
            {
                var user = users[position];
                var profile = ProfileRow.FromJson(user.Id, user.Json);
                await HarvestDatabase.InsertProfileAsync(connection, transaction, profile, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO users (id, name, red_id, raw_json, first_seen, last_seen) VALUES (@id, @name, @red_id, @raw, @now, @now) "
                        + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, red_id = excluded.red_id, raw_json = excluded.raw_json, last_seen = excluded.last_seen",
                    cancellationToken,
                    ("@id", user.Id),
                    ("@name", user.Name),
                    ("@red_id", user.RedId),
                    ("@raw", user.Json),
                    ("@now", now)).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO hits (run_id, keyword, page, position, user_id, digest) VALUES (@run, @keyword, @page, @position, @id, @digest) ON CONFLICT DO NOTHING",
                    cancellationToken,
                    ("@run", runId),
                    ("@keyword", keyword),
                    ("@page", page),
                    ("@position", position + 1),
                    ("@id", user.Id),
                    ("@digest", profile.Digest)).ConfigureAwait(false);
            }

            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO progress (run_id, keyword, page, users, fetched_at) VALUES (@run, @keyword, @page, @users, @now) ON CONFLICT DO NOTHING",
                cancellationToken,
                ("@run", runId),
                ("@keyword", keyword),
                ("@page", page),
                ("@users", users.Count),
                ("@now", now)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync().ConfigureAwait(false);
        _writes.Dispose();
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The harvest's database cannot take a page (read-only, full, refused); the message names it and says what to do.</summary>
internal sealed class HarvestStoreException(string message, Exception inner) : IOException(message, inner);
