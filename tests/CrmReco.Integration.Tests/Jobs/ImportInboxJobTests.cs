using CrmReco.Core.Import;
using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Testing;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>The inbox: new exports imported, then moved to processed/ or rejected/; other folders left alone.</summary>
public sealed class ImportInboxJobTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RunAsync_InboxWithGoodBadAndForeignFiles_ImportsAndMovesEach(string provider)
    {
        var db = TestDatabases.New(provider);
        var inbox = new ExportFiles();
        inbox.WriteCp1252("clients/clients_2026-01-05.csv", ExportFiles.CustomersHeader, "C001;Dupont;Jean;jean.dupont@example.com;0601020304;1 rue du Vin;67000;Strasbourg;France");
        var sales = inbox.WriteCp1252("ventes_lignes/ventes_lignes_2026-01-05.csv", ExportFiles.SalesHeader,
            ExportFiles.Sale("C001", "05/01/2026", "Riesling 2022", "6", "FA-1", "RIES22"),
            ExportFiles.Sale("C001", "05/01/2026", "Pinot Gris 2021", "x", "FA-1", "PG21"));
        inbox.WriteCp1252("produits/produits_2026-01-05.csv", "Désignation;Millésime", "Riesling;2022");
        inbox.WriteCp1252("stock/stock_2026-01-05.csv", "article;stock_total", "RIES22;120");
        inbox.WriteCp1252("factures/factures_2026-01-05.csv", "numero;montant", "F1;12,00");
        var log = new FakeLogger<JobRunner>();
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db), [new ImportInboxJob(new ImportInboxOptions(inbox.Root, TimeSpan.Zero), TestServices.Get<IImportStore>(db))], logger: log);

        var result = await runner.RunOnceAsync(ImportInboxJob.JobName, JobTriggers.Cli);

        Assert.Equal(JobStatuses.Succeeded, result.Status);
        // Structured lines: each file's counts as fields, in the scope of the job and its run.
        var salesLine = Assert.Single(log.Collector.GetSnapshot(), r => r.GetStructuredStateValue("File") == "ventes_lignes/ventes_lignes_2026-01-05.csv");
        Assert.Equal(("1", "1", "loaded"), (salesLine.GetStructuredStateValue("RowsLoaded"), salesLine.GetStructuredStateValue("RowsRejected"), salesLine.GetStructuredStateValue("Status")));
        var scope = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(Assert.Single(salesLine.Scopes)).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal((ImportInboxJob.JobName, result.RunId), ((string)scope["Job"]!, (long)scope["RunId"]!));
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.StartsWith("rejected produits/", StringComparison.Ordinal));
        Assert.Equal(4, result.Counts["files"]);
        Assert.Equal(3, result.Counts["files_loaded"]);
        Assert.Equal(1, result.Counts["files_rejected"]);
        Assert.Equal(1, result.Counts["files_ignored"]);
        Assert.Equal(1, result.Counts["rows_quarantined"]);
        string[] remaining = [.. Directory.EnumerateFiles(inbox.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(inbox.Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];
        Assert.Equal(
            [
                "factures/factures_2026-01-05.csv",
                "processed/clients/clients_2026-01-05.csv",
                "processed/stock/stock_2026-01-05.csv",
                "processed/ventes_lignes/ventes_lignes_2026-01-05.csv",
                "rejected/produits/produits_2026-01-05.csv",
                "rejected/produits/produits_2026-01-05.csv.error.txt",
            ],
            remaining);
        Assert.Contains("article", await File.ReadAllTextAsync(Path.Combine(inbox.Root, "rejected/produits/produits_2026-01-05.csv.error.txt")), StringComparison.OrdinalIgnoreCase);
        var status = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();
        Assert.Equal(1, status.SalesLines);
        Assert.Equal("worker:inbox", (await TestServices.Get<ICrmQueries>(db).ListImportsAsync()).Single().StartedBy);

        // The same export dropped again: recognized (SHA-256), not reloaded, moved beside the first one.
        File.Copy(Path.Combine(inbox.Root, "processed/ventes_lignes/ventes_lignes_2026-01-05.csv"), sales);
        var again = await runner.RunOnceAsync(ImportInboxJob.JobName, JobTriggers.Cli);

        Assert.Equal(1, again.Counts["files_skipped"]);
        Assert.True(File.Exists(Path.Combine(inbox.Root, "processed/ventes_lignes/ventes_lignes_2026-01-05-2.csv")));
        Assert.False(File.Exists(sales));
        Assert.Equal(1, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines);
    }

    [Fact]
    public async Task RunAsync_EmptyInbox_SucceedsWithoutAnImportRun()
    {
        var db = TestDatabases.NewSqlite();
        var inbox = new ExportFiles();
        Directory.CreateDirectory(Path.Combine(inbox.Root, "ventes_lignes"));
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db), [new ImportInboxJob(new ImportInboxOptions(inbox.Root, TimeSpan.Zero), TestServices.Get<IImportStore>(db))]);

        var result = await runner.RunOnceAsync(ImportInboxJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Succeeded, result.Status);
        Assert.Equal(0, result.Counts["files"]);
        Assert.Equal(0, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).Imports);
    }

    [Fact]
    public async Task RunAsync_MissingInbox_RunFailsNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "crmreco-no-inbox", Guid.NewGuid().ToString("N"));
        var db = TestDatabases.NewSqlite();
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db), [new ImportInboxJob(new ImportInboxOptions(missing, TimeSpan.Zero), TestServices.Get<IImportStore>(db))]);

        var result = await runner.RunOnceAsync(ImportInboxJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Failed, result.Status);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
    }
}
