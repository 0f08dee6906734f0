using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Xhs.Cli.Store;

/// <summary>
/// The database that <c>xhs harvest</c> fills and <c>runs</c>, <c>changes</c>, <c>overlap</c> and
/// <c>report</c> read: SQLite (a file path) or PostgreSQL (a connection string). Its schema (version
/// 2, docs/monitoring.md) is made on first open, or migrated in place from the release before runs
/// (version 1: <c>users</c>, <c>hits</c>, <c>progress</c>) in one transaction; a database holding
/// tables that are not ours is refused and left untouched.
/// </summary>
internal sealed partial class HarvestDatabase : IAsyncDisposable
{
    /// <summary>The schema this code writes.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The advisory lock that serialises schema work and run creation on PostgreSQL ("xhs:" in ASCII).</summary>
    private const long SchemaLockKey = 0x7868733A;

    private static readonly string[] OurTables = { "xhs_meta", "runs", "users", "profiles", "hits", "progress" };

    private HarvestDatabase(DbDataSource source, bool postgres, string identity)
    {
        Source = source;
        IsPostgres = postgres;
        Identity = identity;
    }

    /// <summary>Where connections come from.</summary>
    public DbDataSource Source { get; }

    /// <summary>Whether it is PostgreSQL (else SQLite).</summary>
    public bool IsPostgres { get; }

    /// <summary>What names the database the same way in every process (for shared claims), without secrets.</summary>
    public string Identity { get; }

    /// <summary>Whether <paramref name="db"/> is a PostgreSQL connection string rather than a SQLite file path.</summary>
    public static bool IsPostgresString(string db) => db.Contains('=', StringComparison.Ordinal);

    /// <summary>Checks <paramref name="db"/> without opening anything.</summary>
    /// <exception cref="ArgumentException">It is neither a usable path nor a connection string.</exception>
    public static void Validate(string db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("--db needs a SQLite file path or a PostgreSQL connection string (Host=…;Database=…).");
        }

        if (IsPostgresString(db))
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

    /// <summary>The database's data source; nothing is opened yet.</summary>
    /// <param name="db">A checked <c>--db</c> value.</param>
    public static HarvestDatabase Create(string db)
    {
        if (IsPostgresString(db))
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            return new HarvestDatabase(new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build(), true, $"pg:{builder.Host}:{builder.Port}/{builder.Database}");
        }

        var path = Path.GetFullPath(db);
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();
        return new HarvestDatabase(SqliteFactory.Instance.CreateDataSource(connection), false, "sqlite:" + path);
    }

    /// <summary>
    /// Opens a database that must already exist (the commands that read runs), migrated if it is from
    /// the release before runs.
    /// </summary>
    /// <exception cref="ArgumentException">No such file, or the database is not ours.</exception>
    public static async Task<HarvestDatabase> OpenExistingAsync(string db, CancellationToken cancellationToken)
    {
        Validate(db);
        if (!IsPostgresString(db) && !File.Exists(db))
        {
            throw new ArgumentException($"--db: there is no database at '{Path.GetFullPath(db)}'. Run xhs harvest --db {db} first.");
        }

        var database = Create(db);
        try
        {
            await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch (Exception ex) when (ex is SqliteException or NpgsqlException)
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"--db: {database.Describe()} cannot be read ({ex.Message.ReplaceLineEndings(" ")}).", ex);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The database as messages name it: the SQLite file, or PostgreSQL's host and database (never a password).</summary>
    public string Describe() => IsPostgres ? "PostgreSQL at " + Identity["pg:".Length..] : "the SQLite file " + Identity["sqlite:".Length..];

    /// <summary>
    /// Makes the schema on an empty database, migrates one from the release before runs, or checks
    /// that it is ours, in one transaction that other processes wait for.
    /// </summary>
    /// <exception cref="NotOurDatabaseException">It holds tables that xhs did not make, or a newer schema.</exception>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!IsPostgres)
        {
            // Another application's file is refused before anything is written to it (WAL mode is
            // written into the file's header); then several processes may write one file: WAL lets
            // readers on, and writers wait their turn.
            Refuse(await TablesAsync(connection, null, cancellationToken).ConfigureAwait(false));
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=60000;", cancellationToken).ConfigureAwait(false);
        }

        // SQLite's transaction is BEGIN IMMEDIATE (one writer at a time); PostgreSQL's takes an advisory
        // lock, since CREATE TABLE IF NOT EXISTS is not safe against itself there (23505 on pg_type).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var tables = await TablesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (tables.Contains("xhs_meta"))
        {
            var version = await ScalarAsync(connection, transaction, "SELECT value FROM xhs_meta WHERE key = 'schema'", cancellationToken).ConfigureAwait(false);
            if (!int.TryParse(version as string, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > SchemaVersion)
            {
                throw new NotOurDatabaseException($"--db: {Describe()} has schema version '{version}', newer than this xhs knows ({SchemaVersion}). Update xhs (dotnet tool update -g xhs).");
            }

            return;
        }

        Refuse(tables);
        if (tables.Count > 0 && !await IsVersion1Async(connection, transaction, tables, cancellationToken).ConfigureAwait(false))
        {
            throw NotOurs(tables);
        }

        if (tables.Count == 0)
        {
            await ExecuteAsync(connection, transaction, SchemaText(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await MigrateFromVersion1Async(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"INSERT INTO xhs_meta (key, value) VALUES ('schema', '{SchemaVersion}')", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses a database with a table that is none of ours.</summary>
    private void Refuse(HashSet<string> tables)
    {
        if (!tables.Contains("xhs_meta") && tables.Any(t => !OurTables.Contains(t, StringComparer.Ordinal)))
        {
            throw NotOurs(tables.Where(t => !OurTables.Contains(t, StringComparer.Ordinal)));
        }
    }

    private NotOurDatabaseException NotOurs(IEnumerable<string> tables)
        => new($"--db: {Describe()} holds tables that xhs did not make ({string.Join(", ", tables.Order(StringComparer.Ordinal).Take(5))}); it is left untouched. "
            + "Give xhs a database of its own: a new SQLite file, or a PostgreSQL database or schema (Search Path=xhs).");

    /// <summary>Takes PostgreSQL's transaction-scoped advisory lock; SQLite's immediate transaction already serialises writers.</summary>
    internal async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The schema: version 2's tables and their indexes (docs/monitoring.md explains each).</summary>
    private string SchemaText(bool withUsers = true)
    {
        // Hits and pages are read by run in order: clustered on their keys in SQLite.
        var clustered = IsPostgres ? "" : " WITHOUT ROWID";
        return $"""
            CREATE TABLE xhs_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, keywords TEXT NOT NULL, pages INTEGER NOT NULL, endpoint TEXT NOT NULL, signature TEXT NOT NULL);
            CREATE INDEX runs_by_signature ON runs (signature, id);
            {(withUsers ? "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT, red_id TEXT, raw_json TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);" : "")}
            CREATE TABLE profiles (user_id TEXT NOT NULL, digest BIGINT NOT NULL, name TEXT, red_id TEXT, "desc" TEXT, sub_title TEXT, verification TEXT, image TEXT, raw_json TEXT NOT NULL, PRIMARY KEY (user_id, digest));
            CREATE TABLE hits (run_id INTEGER NOT NULL, keyword TEXT NOT NULL, page INTEGER NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, digest BIGINT NOT NULL, PRIMARY KEY (run_id, keyword, page, position)){clustered};
            CREATE TABLE progress (run_id INTEGER NOT NULL, keyword TEXT NOT NULL, page INTEGER NOT NULL, users INTEGER NOT NULL, fetched_at TEXT NOT NULL, PRIMARY KEY (run_id, keyword, page)){clustered};
            """;
    }

    private async Task<HashSet<string>> TablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var sql = IsPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Command(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync().ConfigureAwait(false);
        if (!IsPostgres)
        {
            SqliteConnection.ClearAllPools();
        }
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    internal static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The database given is not one xhs made (another application's, or a newer schema): it was not touched.</summary>
internal sealed class NotOurDatabaseException(string message) : ArgumentException(message);
