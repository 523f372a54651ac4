using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Npgsql;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>On PostgreSQL a sales file that adds many lines checks the foreign keys once for the whole table
/// (dropped and added back in its transaction) instead of line by line: the constraints are the same afterwards,
/// two such loads at once queue instead of deadlocking, and a small file keeps the line-by-line checks.</summary>
public sealed class LargeLoadTests
{
    private const int Lines = SalesForeignKeys.MinNewLines + 2_000;

    private static string WriteSales(ExportFiles files, string name, int lines, int firstDocument) =>
        files.WriteCp1252(Path.Combine("ventes", name), ExportFiles.NumberedSales(firstDocument, lines));

    private static async Task<List<(uint Oid, string Name, string Definition, bool Validated)>> ForeignKeysAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT oid, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint WHERE conrelid = 'sales_lines'::regclass AND contype = 'f' ORDER BY conname",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<(uint, string, string, bool)>();
        while (await reader.ReadAsync())
        {
            keys.Add((reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
        }

        return keys;
    }

    private static async Task<ImportResult> ImportAsync(string db, params string[] paths) => (await TestImports.ImportAsync(db, paths)).Result;

    [PostgresFact]
    public async Task Import_LargeFile_ChecksTheKeysOnceAndLeavesTheSameConstraints()
    {
        var db = TestDatabases.NewPostgres();
        TestServices.For(db);
        var before = await ForeignKeysAsync(db);
        var files = new ExportFiles();

        var result = await ImportAsync(db, WriteSales(files, "ventes_2025.csv", Lines, 1));

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        Assert.Equal(Lines, result.Totals.RowsLoaded);
        var after = await ForeignKeysAsync(db);
        Assert.Equal(3, after.Count);
        Assert.Equal(before.Select(k => (k.Name, k.Definition)), after.Select(k => (k.Name, k.Definition)));
        Assert.All(after, k => Assert.True(k.Validated, k.Name));
        Assert.DoesNotContain(after, k => before.Any(b => b.Oid == k.Oid)); // dropped and added back: checked once
    }

    [PostgresFact]
    public async Task Import_SmallFileIntoALargeTable_KeepsTheLineByLineChecks()
    {
        var db = TestDatabases.NewPostgres();
        var files = new ExportFiles();
        await ImportAsync(db, WriteSales(files, "ventes_2025.csv", Lines, 1));
        var before = await ForeignKeysAsync(db);

        var result = await ImportAsync(db, WriteSales(files, "ventes_2026.csv", 1_000, 900_000));

        Assert.Equal(1_000, result.Totals.RowsLoaded);
        Assert.Equal(before, await ForeignKeysAsync(db));
    }

    [PostgresFact]
    public async Task Import_LargeFileMostlyAlreadyLoaded_KeepsTheLineByLineChecks()
    {
        var db = TestDatabases.NewPostgres();
        var files = new ExportFiles();
        await ImportAsync(db, WriteSales(files, "ventes_2025.csv", Lines, 1));
        var before = await ForeignKeysAsync(db);

        // The weekly case: the same lines again and a few new ones. The sampled estimate sees duplicates.
        var result = await ImportAsync(db, WriteSales(files, "ventes_2025_semaine.csv", Lines + 100, 1));

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        Assert.Equal((100, Lines), (result.Totals.RowsLoaded, result.Totals.RowsDuplicate));
        Assert.Equal(before, await ForeignKeysAsync(db));
    }

    [PostgresFact]
    public async Task Import_TwoLargeFilesAtOnce_BothLoad()
    {
        var db = TestDatabases.NewPostgres();
        TestServices.For(db);
        var files = new ExportFiles();
        var first = WriteSales(files, "ventes_a.csv", Lines, 1);
        var second = WriteSales(files, "ventes_b.csv", Lines, 500_000);

        var results = await Task.WhenAll(Task.Run(() => ImportAsync(db, first)), Task.Run(() => ImportAsync(db, second)));

        Assert.All(results, r => Assert.Equal(ImportStatuses.Succeeded, r.Status));
        Assert.Equal(2 * Lines, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines);
        Assert.All(await ForeignKeysAsync(db), k => Assert.True(k.Validated, k.Name));
    }
}
