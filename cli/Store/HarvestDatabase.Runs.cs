using System.Globalization;

namespace Xhs.Cli.Store;

/// <summary>A run as <c>xhs harvest</c> starts or resumes it.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="StartedAt">When it started (ISO 8601, UTC).</param>
/// <param name="Resumed">Whether it was an unfinished run taken up again.</param>
internal sealed record RunStart(int Id, string StartedAt, bool Resumed);

// Runs: started or resumed, and finished.
internal sealed partial class HarvestDatabase
{
    /// <summary>
    /// The run a harvest of <paramref name="keywords"/> × <paramref name="pages"/> works on: the latest
    /// unfinished run with the same keywords and pages (another process's, or one that was stopped or
    /// killed), else a new one. <paramref name="newRun"/> always starts a new one. Processes starting
    /// together agree, since the choice is made in one locked transaction.
    /// </summary>
    public async Task<RunStart> BeginRunAsync(IReadOnlyList<string> keywords, int pages, string endpoint, bool newRun, CancellationToken cancellationToken)
    {
        var signature = RunKeywords.Signature(keywords, pages);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (!newRun)
        {
            await using var command = Command(connection, transaction, "SELECT id, started_at FROM runs WHERE signature = @signature AND finished_at IS NULL ORDER BY id DESC LIMIT 1", ("@signature", signature));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new RunStart(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), Resumed: true);
            }
        }

        var id = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(id), 0) + 1 FROM runs", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var now = Now();
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO runs (id, started_at, finished_at, keywords, pages, endpoint, signature) VALUES (@id, @started, NULL, @keywords, @pages, @endpoint, @signature)",
            cancellationToken,
            ("@id", id),
            ("@started", now),
            ("@keywords", RunKeywords.ToJson(keywords)),
            ("@pages", pages),
            ("@endpoint", endpoint),
            ("@signature", signature)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RunStart(id, now, Resumed: false);
    }

    /// <summary>Marks a run finished (once: the first process to see every page stored does it).</summary>
    public async Task FinishRunAsync(int runId, CancellationToken cancellationToken)
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "UPDATE runs SET finished_at = @now WHERE id = @id AND finished_at IS NULL", cancellationToken, ("@now", Now()), ("@id", runId)).ConfigureAwait(false);
    }
}
