using System.Diagnostics;
using CrmReco.Core.Generation;
using CrmReco.Core.Import;
using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>The real `crmreco worker` process: SIGTERM in the middle of an inbox import stops it cleanly.</summary>
public sealed class WorkerProcessTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Worker_SigtermDuringInboxImport_ExitsCleanlyWithNoPartialFileAndTheRunAbandoned(string provider)
    {
        string db, inbox;
        ExpectedCounts expected;
        ImportRunSummary[] imports;
        var attempts = 0;
        do
        {
            // A new inbox each time: an import that won the race has moved its files to processed/.
            inbox = Path.Combine(Path.GetTempPath(), "crmreco-inbox", Guid.NewGuid().ToString("N"));
            expected = (await EstateGenerator.GenerateAsync(new GeneratorOptions(12_000, Years: 4, Seed: 3, Messy: false), inbox)).Expected;
            db = TestDatabases.New(provider);
            var (exitCode, log) = await SigtermMidImportAsync(provider, db, inbox);
            Assert.True(exitCode == 0, "exit code " + exitCode + "\n" + log);
            imports = [.. await TestServices.Get<ICrmQueries>(db).ListImportsAsync(100)];
        }
        while (imports.Sum(SalesLoaded) == expected.DistinctSalesLines && ++attempts < 3); // SQLite only: the import won the race

        var queries = TestServices.Get<ICrmQueries>(db);
        var status = await queries.GetStatusAsync();
        Assert.Equal(imports.Sum(SalesLoaded), status.SalesLines); // every line belongs to a file recorded as loaded: no partial file
        Assert.True(status.SalesLines < expected.DistinctSalesLines, "SIGTERM should have interrupted the import");
        Assert.DoesNotContain(imports, i => i.Status == ImportStatuses.Running);
        var run = Assert.Single((await TestServices.Get<JobRunStore>(db).ListAsync(0, 10, ImportInboxJob.JobName)).Items);
        Assert.Equal(JobStatuses.Abandoned, run.Status);
        Assert.NotNull(run.FinishedAt);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(inbox, "ventes_lignes"))); // the interrupted file stays in the inbox

        // The next run completes the import and empties the inbox.
        var rerun = await new JobRunner(TestServices.Get<JobRunStore>(db), [new ImportInboxJob(new ImportInboxOptions(inbox, TimeSpan.Zero), TestServices.Get<IImportStore>(db))]).RunOnceAsync(ImportInboxJob.JobName, JobTriggers.Cli);

        Assert.Equal(JobStatuses.Succeeded, rerun.Status);
        Assert.Equal(expected.DistinctSalesLines, (await queries.GetStatusAsync()).SalesLines);
        Assert.DoesNotContain(Directory.EnumerateFiles(inbox, "*", SearchOption.AllDirectories), f => !f.Contains("/processed/", StringComparison.Ordinal) && IsExport(f));
    }

    private static int SalesLoaded(ImportRunSummary import) =>
        import.Files.Where(f => f.Kind == "sales" && f.Status == ImportStatuses.FileLoaded).Sum(f => f.RowsLoaded);

    /// <summary>Runs `crmreco worker` on <paramref name="inbox"/> and stops it as systemd would, inside a sales file:
    /// on PostgreSQL while the first one waits for <see cref="SalesLinesLock"/>, on SQLite as soon as the customers
    /// file is loaded. Returns its exit code and its output.</summary>
    private static async Task<(int ExitCode, string Log)> SigtermMidImportAsync(string provider, string db, string inbox)
    {
        await using var salesLines = await SalesLinesLock.TakeAsync(provider, db);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "crmreco.dll"), "worker", "--db", db })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Jobs__InboxPath"] = inbox;
        start.Environment["Jobs__InboxSettleSeconds"] = "0";
        start.Environment["Jobs__ImportInbox__Cron"] = "* * * * * *"; // every second: the first run starts at once
        start.Environment["Jobs__NightlyScoring__Enabled"] = "false";
        start.Environment["Jobs__Retention__Enabled"] = "false";

        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        var customersLoaded = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                log.Enqueue(line);
                if (line.Contains("clients/clients_", StringComparison.Ordinal) && line.Contains(": loaded", StringComparison.Ordinal))
                {
                    customersLoaded.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) => log.Enqueue("stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var insideSales = salesLines is null ? Task.WhenAny(customersLoaded.Task, exited) : salesLines.WaitForTheImportAsync(exited);
        await insideSales.WaitAsync(TimeSpan.FromMinutes(2));
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        // The lock is still held: the worker must give up the waiting merge on its own.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, string.Join("\n", log));
    }

    private static bool IsExport(string path) => path.EndsWith(".csv", StringComparison.Ordinal) || path.EndsWith(".xlsx", StringComparison.Ordinal);
}
