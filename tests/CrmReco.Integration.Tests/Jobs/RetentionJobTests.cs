using CrmReco.Core.Import;
using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>Retention: old job runs and quarantined rows purged, customers inactive for three years counted.</summary>
public sealed class RetentionJobTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RunAsync_YearsLater_PurgesOldRunsAndQuarantineAndCountsInactiveCustomers(string provider)
    {
        var db = TestDatabases.New(provider);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero));
        var inbox = new ExportFiles();
        inbox.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader,
            "C001;Dupont;Jean;jean.dupont@example.com;;;67000;Strasbourg;France",
            "C002;Martin;Anne;anne.martin@example.com;;;68000;Colmar;France",
            "P003;Prospect;Paul;;;;67000;Strasbourg;France");
        inbox.WriteCp1252("ventes_lignes/ventes.csv", ExportFiles.SalesHeader,
            ExportFiles.Sale("C001", "10/03/2023", "Riesling 2020", "6", "FA-1", "RIES20"),
            ExportFiles.Sale("C002", "15/12/2025", "Crémant Brut", "12", "FA-2", "CRB"),
            ExportFiles.Sale("C002", "15/12/2025", "Crémant Brut", "douze", "FA-2", "CRB"));
        var import = await new ImportPipeline(TestServices.Get<IImportStore>(db, time), time).RunAsync(ImportPipeline.ExpandPaths([inbox.Root]));
        Assert.Equal(1, import.Totals.RowsRejected);
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db, time), [new RetentionJob(new RetentionOptions(TimeSpan.FromDays(180), TimeSpan.FromDays(365)), TestServices.Get<JobRunStore>(db, time), TestServices.Get<RetentionStore>(db, time))], time);
        var early = await runner.RunOnceAsync(RetentionJob.JobName, JobTriggers.Schedule);

        time.Advance(TimeSpan.FromDays(366)); // 2027-01-06: Jean's last purchase is more than 3 years old, Paul never bought
        var late = await runner.RunOnceAsync(RetentionJob.JobName, JobTriggers.Schedule);

        Assert.Equal((0, 0, 0), (early.Counts["job_runs_purged"], early.Counts["quarantined_rows_purged"], early.Counts["inactive_customers"]));
        Assert.Equal(1, late.Counts["job_runs_purged"]);
        Assert.Equal(1, late.Counts["quarantined_rows_purged"]);
        Assert.Equal(1, late.Counts["inactive_customers"]); // C001 only: P003 changed in the exports a year ago
        Assert.Equal(1, late.Counts["inactive_customers_with_email"]);
        Assert.Empty(await TestServices.Get<ICrmQueries>(db).GetRejectsAsync(import.ImportId));
        Assert.Equal(3, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).Customers); // counted, never deleted
        Assert.Equal([late.RunId], (await runner.Runs.ListAsync(0, 10)).Items.Select(r => r.Id));

        time.Advance(TimeSpan.FromDays(731)); // 2029-01-06: Anne's last purchase and the prospect's last change are 3 years old too
        Assert.Equal(3, (await runner.RunOnceAsync(RetentionJob.JobName, JobTriggers.Schedule)).Counts["inactive_customers"]);
    }

    [Fact]
    public async Task RunAsync_OldExportFiles_PurgedWithTheirEmptyFoldersAndRecentOnesKept()
    {
        var db = TestDatabases.NewSqlite();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero));
        var root = Directory.CreateTempSubdirectory("crmreco-retention-").FullName;
        var processed = Path.Combine(root, "inbox", "processed");
        var uploads = Path.Combine(root, "uploads");
        string Write(string path, int daysOld)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "Code client;E-mail\nC001;jean.dupont@example.com\n");
            File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime.AddDays(-daysOld));
            return path;
        }

        var oldSales = Write(Path.Combine(processed, "ventes_lignes", "ventes_2024.csv"), 400);
        var recentSales = Write(Path.Combine(processed, "ventes_lignes", "ventes_2025.csv"), 10);
        var oldUpload = Write(Path.Combine(uploads, "20241201-120000-abcd1234", "clients.csv"), 400);
        var waiting = Write(Path.Combine(root, "inbox", "clients", "clients.csv"), 400); // not yet imported: not a purged folder
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db, time), [new RetentionJob(new RetentionOptions(TimeSpan.FromDays(180), TimeSpan.FromDays(365), ExportFolders: [processed, uploads, Path.Combine(root, "missing")]), TestServices.Get<JobRunStore>(db, time), TestServices.Get<RetentionStore>(db, time))], time);

        var run = await runner.RunOnceAsync(RetentionJob.JobName, JobTriggers.Schedule);

        Assert.Equal(2, run.Counts["export_files_purged"]);
        Assert.False(File.Exists(oldSales));
        Assert.False(File.Exists(oldUpload));
        Assert.False(Directory.Exists(Path.GetDirectoryName(oldUpload)), "the emptied upload folder goes too");
        Assert.True(File.Exists(recentSales));
        Assert.True(File.Exists(waiting));
        Assert.True(Directory.Exists(uploads), "never the configured folder itself");
        Directory.Delete(root, recursive: true);
    }
}
