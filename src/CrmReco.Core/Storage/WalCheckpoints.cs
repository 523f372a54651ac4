using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CrmReco.Core.Storage;

/// <summary>
/// SQLite: the checkpoints of an import, off its critical path. A file load commits with the WAL's automatic
/// checkpoint off on its connection, and the copy of its pages from the WAL into the database (a checkpoint, with
/// its fsync) runs on another connection while the next file loads; the last one runs while the import's monthly
/// series is rebuilt. At 100k lines each commit took 54–106 ms, of which the checkpoint was most; the import is
/// ≈ 0.18 s faster (docs/benchmarks.md).
/// </summary>
/// <remarks>The WAL restarts from its start only when a write begins after a complete checkpoint, which the next
/// file's write usually precedes: the WAL then grows with the run. Past <see cref="WalLimitBytes"/> a file waits for
/// a checkpoint before it writes, so the WAL restarts (a 1M-line first load, not a 100k-line one). On PostgreSQL
/// every method does nothing.</remarks>
internal sealed class WalCheckpoints(SqlDatabase database)
{
    internal const long WalLimitBytes = 64L << 20;

    private readonly Lock _gate = new();
    private Task _latest = Task.CompletedTask;

    /// <summary>Starts a checkpoint, unless one is running: that one or the next will copy what this one would.</summary>
    public void Start()
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        lock (_gate)
        {
            if (_latest.IsCompleted)
            {
                _latest = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>A checkpoint that starts after the running one, so it copies every commit made until now.</summary>
    public Task StartAfterRunning()
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            return _latest = _latest.ContinueWith(_ => RunAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits for a complete checkpoint when the WAL beside the connection's database has grown past the limit.</summary>
    public async Task LimitWalAsync(DbConnection connection)
    {
        var wal = new FileInfo(((SqliteConnection)connection).DataSource + "-wal");
        if (wal.Exists && wal.Length > WalLimitBytes)
        {
            await StartAfterRunning();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await SqlDatabase.ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(PASSIVE)", CancellationToken.None);
        }
        catch (DbException)
        {
            // The pages stay in the WAL until a later checkpoint: the next one, or any commit's automatic one.
        }
    }
}
