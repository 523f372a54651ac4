using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Import;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>SQLite: the file loads commit without a checkpoint and leave it to WalCheckpoints, beside the import.</summary>
public sealed class WalCheckpointTests
{
    [Fact]
    public async Task Import_Sqlite_EndsWithEveryPageCheckpointedAndTheAutomaticCheckpointBack()
    {
        var db = TestDatabases.NewSqlite();
        var (result, _) = await TestImports.ImportAsync(db, [.. ImportPipeline.ExpandPaths([SamplesTests.SamplesFolder()])]);
        Assert.Equal(ImportStatuses.Succeeded, result.Status);

        // The samples stay under the automatic checkpoint's 1,000 pages: without the import's own checkpoints their
        // lines would be only in the WAL, not in the database file.
        var file = new SqliteConnectionStringBuilder(db).DataSource;
        var copy = file + ".copy";
        File.Copy(file, copy);
        await using (var alone = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await alone.OpenAsync();
            var lines = await SqlDatabase.ScalarAsync<long>(alone, null, "SELECT COUNT(*) FROM sales_lines", CancellationToken.None);
            Assert.Equal((await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines, lines);
            Assert.True(lines > 0);
        }

        // The pooled connections the file loads used are back to the automatic checkpoint.
        var database = TestServices.Get<SqlDatabase>(db);
        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.OpenAsync(CancellationToken.None)));
        foreach (var connection in connections)
        {
            Assert.Equal(1000L, await SqlDatabase.ScalarAsync<long>(connection, null, "PRAGMA wal_autocheckpoint", CancellationToken.None));
            await connection.DisposeAsync();
        }
    }
}
