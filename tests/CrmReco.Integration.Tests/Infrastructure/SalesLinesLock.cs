using CrmReco.Core.Import;
using Npgsql;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>Holds a real import inside its first sales file, so that a test kills it there every time instead of
/// racing it. On PostgreSQL the test takes a SHARE lock on sales_lines: the masters load, then the first sales
/// file's merge waits for the lock, uncommitted, until the lock is released or the import is stopped.</summary>
/// <remarks>SQLite has one writer and no table lock, so it has no such gate: <see cref="TakeAsync"/> returns null
/// and the test races the import instead.</remarks>
public sealed class SalesLinesLock(string db, NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    /// <summary>Migrates <paramref name="db"/> and, on PostgreSQL, locks sales_lines against writes.</summary>
    public static async Task<SalesLinesLock?> TakeAsync(string provider, string db)
    {
        await TestServices.Get<IImportStore>(db).MigrateAsync();
        if (provider != "postgres")
        {
            return null;
        }

        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE sales_lines IN SHARE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new SalesLinesLock(db, connection, transaction);
    }

    /// <summary>Waits until another session of this database waits for the lock (the import is inside a sales
    /// file), or until <paramref name="importExited"/> completes.</summary>
    public async Task WaitForTheImportAsync(Task importExited)
    {
        // On a connection of its own: inside the lock's transaction, pg_stat_activity would show the same snapshot every time.
        await using var observer = new NpgsqlConnection(db);
        await observer.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", observer);
        while (!importExited.IsCompleted && (long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
