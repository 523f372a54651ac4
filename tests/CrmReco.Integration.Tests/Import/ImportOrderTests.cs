using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Import;

/// <summary>On PostgreSQL the next file stages while the previous one commits; on both providers files still
/// commit in their order, an overlapping later export adds only its new lines, and a copy of a file in the same
/// run is skipped as already imported.</summary>
public sealed class ImportOrderTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Run_OverlappingExportsAndACopy_CommitInOrderAndCountEachLineOnce(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("ventes/ventes_1.csv", ExportFiles.NumberedSales(0, 3_000));
        files.WriteCp1252("ventes/ventes_2.csv", ExportFiles.NumberedSales(2_000, 3_000)); // 1,000 lines already in the first
        files.WriteCp1252("ventes/ventes_3.csv", ExportFiles.NumberedSales(4_000, 2_000)); // 1,000 lines already in the second
        files.WriteCp1252("ventes/z_copie/ventes_1.csv", ExportFiles.NumberedSales(0, 3_000)); // the same bytes as the first

        var (result, _) = await TestImports.ImportAsync(db, [.. ImportPipeline.ExpandPaths([files.Root])]);

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        Assert.Equal(["ventes_1.csv", "ventes_2.csv", "ventes_3.csv", "ventes_1.csv"], result.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal([3_000, 2_000, 1_000, 0], result.Files.Select(f => f.RowsLoaded));
        Assert.Equal([0, 1_000, 1_000, 0], result.Files.Select(f => f.RowsDuplicate));
        Assert.Equal(ImportStatuses.FileSkipped, result.Files[3].Status);
        Assert.Equal("Same content already imported.", result.Files[3].Error);
        Assert.Equal(6_000, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines);
        var history = (await TestServices.Get<ICrmQueries>(db).ListImportsAsync(1))[0].Files;
        Assert.Equal(["ventes_1.csv", "ventes_2.csv", "ventes_3.csv", "ventes_1.csv"], history.Select(f => f.FileName));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Run_MostlyKnownLinesWithNewOnesAmongThem_LoadsExactlyTheNewOnes(string provider)
    {
        // SQLite looks each key up first while most recent lines are known, and inserts directly otherwise: a new line
        // among known ones, and a run of new lines after known ones, must both be loaded, and each known line counted once.
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var known = ExportFiles.NumberedSales(0, 3_000);
        files.WriteCp1252("ventes/a/ventes.csv", known);
        var isNew = Enumerable.Range(0, 3_000).Select(i => i is >= 1_000 and < 2_000 || i % 7 == 0).ToArray();
        var fresh = ExportFiles.NumberedSales(100_000, 3_000);
        files.WriteCp1252("ventes/b/ventes.csv", [known[0], .. Enumerable.Range(0, 3_000).Select(i => isNew[i] ? fresh[i + 1] : known[i + 1])]);

        var (result, _) = await TestImports.ImportAsync(db, [.. ImportPipeline.ExpandPaths([files.Root])]);

        var newLines = isNew.Count(n => n);
        Assert.Equal(1_286, newLines);
        Assert.Equal([3_000, newLines], result.Files.Select(f => f.RowsLoaded));
        Assert.Equal([0, 3_000 - newLines], result.Files.Select(f => f.RowsDuplicate));
        Assert.Equal(3_000 + newLines, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines);
    }
}
