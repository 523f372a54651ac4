using System.Diagnostics;
using CrmReco.Core.Generation;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>A file's import is atomic: killed at any moment, the database holds all of that file or none of it,
/// and a re-run completes it.</summary>
public sealed class AtomicityTests
{
    private static async Task<(string Folder, ExpectedCounts Expected)> GenerateAsync(int customers)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crmreco-atomic", Guid.NewGuid().ToString("N"));
        var summary = await EstateGenerator.GenerateAsync(new GeneratorOptions(customers, Years: 4, Seed: 3, Messy: false), folder);
        return (folder, summary.Expected);
    }

    private static async Task<(int SalesLines, int LoadedByHistory)> ConsistencyAsync(string db)
    {
        var queries = TestServices.Get<ICrmQueries>(db);
        var status = await queries.GetStatusAsync();
        var runs = await queries.ListImportsAsync(100);
        var loaded = runs.SelectMany(r => r.Files).Where(f => f.Kind == "sales" && f.Status == ImportStatuses.FileLoaded).Sum(f => f.RowsLoaded);
        return (status.SalesLines, loaded);
    }

    /// <summary>One sales file "x.csv" (content hash "abc") with a stub for customer C1, committed.</summary>
    private static async Task LoadSalesWithStubC1Async(IImportStore store, long importId, IEnumerable<KeyedSalesLine> lines)
    {
        await using var load = await store.BeginFileAsync(importId, new FileDescriptor("x.csv", ExportKind.Sales, "abc", 1, "CSV"));
        await load.AddCustomerStubsAsync([new CustomerRecord("C1", null, null, null, false, null, null, null, null, null, true)]);
        await load.StageSalesAsync(lines);
        await load.CommitAsync(c => new FileOutcome(ImportStatuses.FileLoaded, 0, c.RowsLoaded, c.RowsDuplicate, 0, null, TimeSpan.Zero));
    }

    /// <summary>Runs `crmreco import` and kills it without warning inside a sales file: on PostgreSQL while the first
    /// one waits for <see cref="SalesLinesLock"/>, on SQLite as soon as the customers file is loaded.</summary>
    private static async Task KillMidImportAsync(string provider, string db, string folder)
    {
        await using var salesLines = await SalesLinesLock.TakeAsync(provider, db);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "crmreco.dll"), "import", "--db", db, folder })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var customersLoaded = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("clients_", StringComparison.Ordinal) == true)
            {
                customersLoaded.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        await (salesLines is null ? Task.WhenAny(customersLoaded.Task, exited) : salesLines.WaitForTheImportAsync(exited));
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_ProcessKilledMidFile_LeavesNoPartialFileAndRerunCompletes(string provider)
    {
        var (folder, expected) = await GenerateAsync(12_000);
        string db;
        (int SalesLines, int LoadedByHistory) afterKill;
        var attempts = 0;
        do
        {
            db = TestDatabases.New(provider);
            await KillMidImportAsync(provider, db, folder);
            afterKill = await ConsistencyAsync(db);
            Assert.Equal(afterKill.LoadedByHistory, afterKill.SalesLines); // every line belongs to a file recorded as loaded
        }
        while (afterKill.SalesLines == expected.DistinctSalesLines && ++attempts < 3); // SQLite only: the import won the race

        Assert.True(afterKill.SalesLines < expected.DistinctSalesLines, "the kill should have interrupted the import");

        var pipeline = new ImportPipeline(TestServices.Get<IImportStore>(db));
        var rerun = await pipeline.RunAsync(ImportPipeline.ExpandPaths([folder]));

        Assert.Equal(ImportStatuses.Succeeded, rerun.Status);
        Assert.Equal(expected.DistinctSalesLines, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines);
        var runs = await TestServices.Get<ICrmQueries>(db).ListImportsAsync();
        Assert.Equal(ImportStatuses.Abandoned, runs[^1].Status);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task FileLoad_FailureMidStream_RollsBackEverythingOfTheFile(string provider)
    {
        var db = TestDatabases.New(provider);
        var store = TestServices.Get<IImportStore>(db);
        await store.MigrateAsync();
        var importId = await store.StartImportAsync("test");
        var before = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();

        static IEnumerable<KeyedSalesLine> Lines()
        {
            using var keys = new SalesLineKey();
            // SQLite writes each line straight into sales_lines as it comes: 18,000 written lines must not be committed.
            for (var i = 0; i < 20_000; i++)
            {
                if (i == 18_000)
                {
                    throw new IOException("disk unplugged");
                }

                var line = new SalesLineRecord("C1", new DateOnly(2025, 1, 1), "FA-" + i, DocumentType.Sale, null, null, "Riesling", 1, 1, null, null, 10, null, null, null, null, i + 2);
                yield return new KeyedSalesLine(keys.Next(line), line);
            }
        }

        await Assert.ThrowsAsync<IOException>(() => LoadSalesWithStubC1Async(store, importId, Lines()));

        var after = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();
        Assert.Equal(before.SalesLines, after.SalesLines);
        Assert.Equal(before.Customers, after.Customers);
        Assert.False(await store.IsFileLoadedAsync("abc"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task FileLoad_SalesOfAnUnknownCustomerWithoutStub_FailsAndLeavesNothing(string provider)
    {
        // SQLite merges sales lines before their stubs and checks the foreign keys at commit: they must still hold.
        var db = TestDatabases.New(provider);
        var store = TestServices.Get<IImportStore>(db);
        await store.MigrateAsync();
        var importId = await store.StartImportAsync("test");
        var before = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();

        static IEnumerable<KeyedSalesLine> Lines()
        {
            using var keys = new SalesLineKey();
            for (var i = 0; i < 10_000; i++)
            {
                // one line, late in the file, names a customer that is neither known nor stubbed
                var line = new SalesLineRecord(i == 9_000 ? "C404" : "C1", new DateOnly(2025, 1, 1), "FA-" + i, DocumentType.Sale, null, null, "Riesling", 1, 1, null, null, 10, null, null, null, null, i + 2);
                yield return new KeyedSalesLine(keys.Next(line), line);
            }
        }

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => LoadSalesWithStubC1Async(store, importId, Lines()));

        var after = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();
        Assert.Equal(before.SalesLines, after.SalesLines);
        Assert.Equal(before.Customers, after.Customers);
        Assert.False(await store.IsFileLoadedAsync("abc"));
    }
}
