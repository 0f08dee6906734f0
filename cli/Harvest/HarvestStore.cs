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
internal sealed class HarvestStore : IAsyncDisposable
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

    public static async Task<HarvestStore> OpenAsync(string db, CancellationToken cancellationToken)
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

        await using var open = await store._source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!IsPostgres(db))
        {
            // Several processes may write one file: WAL lets readers on, and writers wait their turn.
            await ExecuteAsync(open, null, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=60000;", cancellationToken).ConfigureAwait(false);
        }

        if (IsPostgres(db))
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

        return store;
    }

    /// <summary>Every stored page: (keyword, page) and how many users it had.</summary>
    public async Task<Dictionary<(string Keyword, int Page), int>> StoredPagesAsync(CancellationToken cancellationToken)
    {
        var pages = new Dictionary<(string, int), int>();
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT keyword, page, users FROM progress";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages[(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))] = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
        }

        return pages;
    }

    /// <summary>How long a page that was paid for waits for a database that went away (a restart, a failover) before the run gives up.</summary>
    public static TimeSpan OutageLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Stores one page whole: its users (upserted), its hits and its progress row. A database that
    /// restarts or is busy is waited for (the page was paid for: it is kept and stored once the database
    /// is back, never requested again); a database that cannot take the page (read-only, full) is a
    /// <see cref="HarvestStoreException"/> naming it, with nothing half-written.
    /// </summary>
    public async Task StorePageAsync(string keyword, int page, IReadOnlyList<(string Id, string? Name, string? RedId, string Json)> users, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromMilliseconds(200);
        var warned = false;
        while (true)
        {
            try
            {
                await StorePageOnceAsync(keyword, page, users, cancellationToken).ConfigureAwait(false);
                if (warned)
                {
                    Console.Error.WriteLine($"xhs: the database is back; {UserWriter.ForTerminal(keyword)} page {page} stored.");
                }

                return;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (DateTimeOffset.UtcNow - started > OutageLimit)
                {
                    throw new DependencyUnavailableException($"{Describe()} did not come back within {OutageLimit.TotalMinutes:0.#} min ({Reason(ex)}); the pages not yet stored will be requested again by the next run.", ex);
                }

                if (!warned)
                {
                    Console.Error.WriteLine($"xhs: {Describe()} does not answer ({Reason(ex)}); {UserWriter.ForTerminal(keyword)} page {page} is kept and stored when it is back.");
                    warned = true;
                }

                (_source as NpgsqlDataSource)?.Clear();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 3000));
            }
            catch (SqliteException ex)
            {
                throw new HarvestStoreException($"{Describe()} cannot store {UserWriter.ForTerminal(keyword)} page {page}: {Reason(ex)}. Check that the file and its folder are writable and the disk has room; every page stored so far is whole, and the next run resumes after them.", ex);
            }
            catch (PostgresException ex)
            {
                throw new HarvestStoreException($"{Describe()} cannot store {UserWriter.ForTerminal(keyword)} page {page}: {Reason(ex)}. Every page stored so far is whole, and the next run resumes after them.", ex);
            }
        }
    }

    /// <summary>The database as messages name it: the SQLite file, or PostgreSQL's host and database (never a password).</summary>
    private string Describe() => Identity.StartsWith("sqlite:", StringComparison.Ordinal) ? "the SQLite file " + Identity["sqlite:".Length..] : "PostgreSQL at " + Identity["pg:".Length..];

    private static string Reason(Exception ex) => ex switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.Replace("SQLite Error ", "", StringComparison.Ordinal)}",
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

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The harvest's database cannot take a page (read-only, full, refused); the message names it and says what to do.</summary>
internal sealed class HarvestStoreException(string message, Exception inner) : IOException(message, inner);
