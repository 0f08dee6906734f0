using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Xhs.Cli.Harvest;

/// <summary>
/// Where <c>xhs harvest</c> keeps what it found: SQLite (a file path) or PostgreSQL (a connection
/// string). Three tables: <c>users</c> (upserted by id, with first and last seen and the raw JSON),
/// <c>hits</c> (keyword, page, rank, user id) and <c>progress</c> (one row per page stored). A page's
/// users, hits and progress row are written in one transaction, so a page is stored whole or not at all.
/// </summary>
internal sealed partial class HarvestStore : IAsyncDisposable
{
    /// <summary>The advisory lock that serialises schema creation on PostgreSQL ("xhs:" in ASCII).</summary>
    private const long SchemaLockKey = 0x7868733A;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT, red_id TEXT, raw_json TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS hits (keyword TEXT NOT NULL, page INTEGER NOT NULL, rank INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (keyword, page, rank));
        CREATE TABLE IF NOT EXISTS progress (keyword TEXT NOT NULL, page INTEGER NOT NULL, users INTEGER NOT NULL, fetched_at TEXT NOT NULL, PRIMARY KEY (keyword, page));
        """;

    private readonly DbDataSource _source;
    private readonly SemaphoreSlim _writes;

    private HarvestStore(DbDataSource source, bool singleWriter, string identity)
    {
        _source = source;
        _writes = new SemaphoreSlim(singleWriter ? 1 : 16);
        Identity = identity;
    }

    /// <summary>What names the database the same way in every process (for shared claims), without secrets.</summary>
    public string Identity { get; }

    /// <summary>Whether <paramref name="db"/> is a PostgreSQL connection string rather than a SQLite file path.</summary>
    public static bool IsPostgres(string db) => db.Contains('=', StringComparison.Ordinal);

    /// <summary>Checks <paramref name="db"/> without opening anything.</summary>
    /// <exception cref="ArgumentException">It is neither a usable path nor a connection string.</exception>
    public static void Validate(string db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("--db needs a SQLite file path or a PostgreSQL connection string (Host=…;Database=…).");
        }

        if (IsPostgres(db))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(db);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    throw new ArgumentException("it has no Host");
                }
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"--db: not a PostgreSQL connection string ({ex.Message}). Use Host=…;Port=…;Database=…;Username=…", ex);
            }

            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(db));
        if (Directory.Exists(db) || (folder is not null && !Directory.Exists(folder)))
        {
            throw new ArgumentException($"--db must be a SQLite file in an existing folder, not '{db}'.");
        }
    }

    /// <summary>Opens the store, creates its tables and checks it can be written; waits up to <paramref name="wait"/> for a database that does not answer yet.</summary>
    public static async Task<HarvestStore> OpenAsync(string db, TimeSpan wait, CancellationToken cancellationToken)
    {
        HarvestStore store;
        if (IsPostgres(db))
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            var source = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
            store = new HarvestStore(source, singleWriter: false, $"pg:{builder.Host}:{builder.Port}/{builder.Database}");
        }
        else
        {
            var path = Path.GetFullPath(db);
            var connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();
            store = new HarvestStore(SqliteFactory.Instance.CreateDataSource(connection), singleWriter: true, "sqlite:" + path);
        }

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

    /// <summary>
    /// Creates the schema, and checks that a page can be written (a read-only file or a user without
    /// the right is told before any page is paid for): a row inserted and rolled back.
    /// </summary>
    private async Task<bool> PrepareOnceAsync(CancellationToken cancellationToken)
    {
        var postgres = Identity.StartsWith("pg:", StringComparison.Ordinal);
        await using var open = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!postgres)
        {
            // Several processes may write one file: WAL lets readers on, and writers wait their turn.
            await ExecuteAsync(open, null, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=60000;", cancellationToken).ConfigureAwait(false);
        }

        if (postgres)
        {
            // CREATE TABLE IF NOT EXISTS is not safe against itself in PostgreSQL: two processes
            // starting together can both try to create the table's row type and one fails (23505 on
            // pg_type). A transaction-scoped advisory lock makes them create the schema one at a time.
            await using var transaction = await open.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(open, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(open, transaction, Schema, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ExecuteAsync(open, null, Schema, cancellationToken).ConfigureAwait(false);
        }

        await using (var probe = await open.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(open, probe, "INSERT INTO progress (keyword, page, users, fetched_at) VALUES ('', -1, 0, '')", cancellationToken).ConfigureAwait(false);
            await probe.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Every stored page: (keyword, page) and how many users it had. A database that restarts is waited for.</summary>
    public Task<Dictionary<(string Keyword, int Page), int>> StoredPagesAsync(CancellationToken cancellationToken)
        => WhileAwayAsync("cannot be read", null, () => StoredPagesOnceAsync(null, 0, cancellationToken), cancellationToken);

    /// <summary>
    /// How many users a page was stored with, or null when it is not stored: checked after claiming a
    /// page, since another process may have stored it after this one listed what was pending.
    /// </summary>
    public async Task<int?> StoredUsersAsync(string keyword, int page, CancellationToken cancellationToken)
    {
        var pages = await WhileAwayAsync("cannot be read", null, () => StoredPagesOnceAsync(keyword, page, cancellationToken), cancellationToken).ConfigureAwait(false);
        return pages.TryGetValue((keyword, page), out var users) ? users : null;
    }

    private async Task<Dictionary<(string Keyword, int Page), int>> StoredPagesOnceAsync(string? keyword, int page, CancellationToken cancellationToken)
    {
        var pages = new Dictionary<(string, int), int>();
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT keyword, page, users FROM progress";
        if (keyword is not null)
        {
            command.CommandText += " WHERE keyword = @keyword AND page = @page";
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
    public Task StorePageAsync(string keyword, int page, IReadOnlyList<(string Id, string? Name, string? RedId, string Json)> users, CancellationToken cancellationToken)
        => WhileAwayAsync($"cannot store {UserWriter.ForTerminal(keyword)} page {page}", (keyword, page), async () =>
        {
            await StorePageOnceAsync(keyword, page, users, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task StorePageOnceAsync(string keyword, int page, IReadOnlyList<(string Id, string? Name, string? RedId, string Json)> users, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            for (var rank = 0; rank < users.Count; rank++)
            {
                var user = users[rank];
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
                    "INSERT INTO hits (keyword, page, rank, user_id) VALUES (@keyword, @page, @rank, @id) ON CONFLICT DO NOTHING",
                    cancellationToken,
                    ("@keyword", keyword),
                    ("@page", page),
                    ("@rank", rank + 1),
                    ("@id", user.Id)).ConfigureAwait(false);
            }

            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO progress (keyword, page, users, fetched_at) VALUES (@keyword, @page, @users, @now) ON CONFLICT DO NOTHING",
                cancellationToken,
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
        await _source.DisposeAsync().ConfigureAwait(false);
        _writes.Dispose();
        SqliteConnection.ClearAllPools();
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
