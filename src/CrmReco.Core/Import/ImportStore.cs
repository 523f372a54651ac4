using System.Data.Common;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Import;

/// <summary>The import side of the database, one implementation for both providers: what differs is in
/// <see cref="SqlDatabase"/> (staging, bulk insert, null-safe comparison).</summary>
internal sealed class ImportStore(SqlDatabase database, TimeProvider time) : IImportStore
{
    /// <summary>Per run started here, the highest sales line id before it: the monthly series is then rebuilt only from
    /// the run's earliest new line.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _salesLinesBefore = new();

    /// <summary>SQLite: the files' checkpoints, run beside the import (<see cref="WalCheckpoints"/>); none on PostgreSQL.</summary>
    internal WalCheckpoints Checkpoints { get; } = new(database);

    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        Migrator.EnsureCurrentAsync(database, time, cancellationToken);

    public async Task<long> StartImportAsync(string startedBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        // A run still "running" belongs to a process that died: its open file was rolled back by the database.
        await SqlDatabase.ExecuteAsync(connection, transaction, "UPDATE imports SET status = @abandoned, finished_at = @now WHERE status = @running", cancellationToken,
            ("abandoned", ImportStatuses.Abandoned), ("now", now), ("running", ImportStatuses.Running));
        var id = await SqlDatabase.ScalarAsync<long>(connection, transaction, "INSERT INTO imports (started_at, status, started_by) VALUES (@now, @running, @by) RETURNING id", cancellationToken,
            ("now", now), ("running", ImportStatuses.Running), ("by", startedBy));
        var salesLinesBefore = await SqlDatabase.ScalarAsync<long>(connection, transaction, "SELECT COALESCE(MAX(id), 0) FROM sales_lines", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _salesLinesBefore[id] = salesLinesBefore;
        return id;
    }

    public async Task FinishImportAsync(long importId, string status, CancellationToken cancellationToken = default)
    {
        // The monthly series the charts read (sql 013), rebuilt with the data it sums before the run is marked
        // finished: the report cache's stamp moves with that mark, so no figure is cached from the old series under
        // the new stamp. It never fails the import. A run started elsewhere rebuilds every month. On SQLite the run's
        // last checkpoint copies its pages into the database meanwhile (WalCheckpoints).
        var checkpoint = Checkpoints.StartAfterRunning();
        await Reports.MonthlySalesSeries.TryRefreshAsync(database, _salesLinesBefore.TryRemove(importId, out var before) ? before : null, cancellationToken);
        await checkpoint;
        await using var connection = await database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, "UPDATE imports SET status = @status, finished_at = @now WHERE id = @id", cancellationToken,
            ("status", status), ("now", time.GetUtcNow()), ("id", importId));
        // The score after this import, for the data-health page's score over time. A failure to store it must not
        // turn a finished import into a failed one (the pipeline closes a run that throws as failed).
        try
        {
            await new DataHealthHistoryStore(database, new DashboardQueries(database, time), time).RecordAsync(DataHealthHistoryStore.Import, importId, cancellationToken);
        }
        catch (DbException)
        {
            // the history misses one point; the import stands
        }
    }

    public async Task<bool> IsFileLoadedAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM import_files WHERE sha256 = @sha AND status = @loaded", cancellationToken,
            ("sha", sha256), ("loaded", ImportStatuses.FileLoaded)) > 0;
    }

    public async Task RecordFileAsync(long importId, FileDescriptor file, FileOutcome outcome, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertFileAsync(connection, transaction, importId, file, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public bool StagesWhileCommitting => database.Provider == DatabaseProvider.PostgreSql;

    public async Task<IFileLoad> BeginFileAsync(long importId, FileDescriptor file, CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // SQLite's default 2 MB page cache thrashes once the indexes of a large table outgrow it. The commit
                // leaves the checkpoint to WalCheckpoints, beside the next file.
                await Checkpoints.LimitWalAsync(connection);
                await SqlDatabase.ExecuteAsync(connection, null, $"PRAGMA main.cache_size = -{FileLoad.SqliteCacheKilobytes}; PRAGMA wal_autocheckpoint = 0", cancellationToken);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (name, columns) in FileLoad.StagingTables)
            {
                await database.CreateTempTableAsync(connection, transaction, name, columns, cancellationToken);
            }

            return new FileLoad(this, database, connection, transaction, importId, file);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Inserts the file's history line and adds its counts to the run; returns the file id.</summary>
    internal async Task<long> InsertFileAsync(DbConnection connection, DbTransaction transaction, long importId, FileDescriptor file, FileOutcome outcome, CancellationToken cancellationToken)
    {
        var id = await SqlDatabase.ScalarAsync<long>(
            connection,
            transaction,
            """
            INSERT INTO import_files (import_id, path, file_name, kind, sha256, size_bytes, format, status, rows_read, rows_loaded,
                                      rows_duplicate, rows_rejected, error, duration_ms, finished_at)
            VALUES (@import, @path, @name, @kind, @sha, @size, @format, @status, @read, @loaded, @duplicate, @rejected, @error, @ms, @now)
            RETURNING id
            """,
            cancellationToken,
            ("import", importId), ("path", file.Path), ("name", Path.GetFileName(file.Path)), ("kind", Import.ExportKindNames.ToName(file.Kind)),
            ("sha", file.Sha256), ("size", file.SizeBytes), ("format", file.Format), ("status", outcome.Status), ("read", outcome.RowsRead),
            ("loaded", outcome.RowsLoaded), ("duplicate", outcome.RowsDuplicate), ("rejected", outcome.RowsRejected), ("error", outcome.Error),
            ("ms", (long)outcome.Duration.TotalMilliseconds), ("now", time.GetUtcNow()));
        await SqlDatabase.ExecuteAsync(
            connection,
            transaction,
            """
            UPDATE imports SET files = files + 1, rows_read = rows_read + @read, rows_loaded = rows_loaded + @loaded,
                               rows_duplicate = rows_duplicate + @duplicate, rows_rejected = rows_rejected + @rejected
            WHERE id = @import
            """,
            cancellationToken,
            ("read", outcome.RowsRead), ("loaded", outcome.RowsLoaded), ("duplicate", outcome.RowsDuplicate), ("rejected", outcome.RowsRejected), ("import", importId));
        return id;
    }

    internal DateTimeOffset Now => time.GetUtcNow();
}
