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
        var db = TestDatabases.New(provider);
        var inbox = Path.Combine(Path.GetTempPath(), "crmreco-inbox", Guid.NewGuid().ToString("N"));
        var expected = (await EstateGenerator.GenerateAsync(new GeneratorOptions(12_000, Years: 4, Seed: 3, Messy: false), inbox)).Expected;
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

        int exitCode;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var process = Process.Start(start)!)
        {
            // Once the customers are in, the sales files are being loaded: stop the service as systemd would.
            var salesStarted = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    log.Enqueue(line);
                    if (line.Contains("clients/clients_", StringComparison.Ordinal) && line.Contains(": loaded", StringComparison.Ordinal))
                    {
                        salesStarted.TrySetResult();
                    }
                }
            };
            process.ErrorDataReceived += (_, e) => log.Enqueue("stderr: " + e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // At once: since the import got faster, 300 ms after the customers were in could already be past the last sales file.
            await Task.WhenAny(salesStarted.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(2));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            exitCode = process.ExitCode;
        }

        Assert.True(exitCode == 0, "exit code " + exitCode + "\n" + string.Join("\n", log));
        var queries = TestServices.Get<ICrmQueries>(db);
        var status = await queries.GetStatusAsync();
        var imports = await queries.ListImportsAsync(100);
        var loadedByHistory = imports.SelectMany(r => r.Files).Where(f => f.Kind == "sales" && f.Status == ImportStatuses.FileLoaded).Sum(f => f.RowsLoaded);
        Assert.Equal(loadedByHistory, status.SalesLines); // every line belongs to a file recorded as loaded: no partial file
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

    private static bool IsExport(string path) => path.EndsWith(".csv", StringComparison.Ordinal) || path.EndsWith(".xlsx", StringComparison.Ordinal);
}
