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
}
