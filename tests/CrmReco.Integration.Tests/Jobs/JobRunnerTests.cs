using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>One job at a time: the lock holds between two runners (two workers), on both databases.</summary>
public sealed class JobRunnerTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RunOnceAsync_AnotherRunnerHoldsTheJob_SkipsAndRecordsSkippedLocked(string provider)
    {
        var db = TestDatabases.New(provider);
        var job = new ProbeJob { HoldFirstRun = true };
        var workerA = new JobRunner(TestServices.Get<JobRunStore>(db), [job], host: "worker-a");
        var workerB = new JobRunner(TestServices.Get<JobRunStore>(db), [job], host: "worker-b");

        var first = workerA.RunOnceAsync(job.Name, JobTriggers.Schedule);
        await job.FirstRunStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await workerB.RunOnceAsync(job.Name, JobTriggers.Schedule);
        var otherJob = await new JobRunner(TestServices.Get<JobRunStore>(db), [new ProbeJob("other")], host: "worker-b").RunOnceAsync("other", JobTriggers.Api);
        job.Release();
        var firstResult = await first;
        var third = await workerB.RunOnceAsync(job.Name, JobTriggers.Manual); // released: B may run it now

        Assert.Equal(JobStatuses.SkippedLocked, second.Status);
        Assert.Equal(JobStatuses.Succeeded, otherJob.Status); // the lock is per job
        Assert.Equal(JobStatuses.Succeeded, firstResult.Status);
        Assert.Equal(JobStatuses.Succeeded, third.Status);
        Assert.Equal(2, job.StartedAt.Count);
        var runs = (await TestServices.Get<JobRunStore>(db).ListAsync(0, 10, job.Name)).Items;
        Assert.Equal(
            [(JobStatuses.Succeeded, "worker-b"), (JobStatuses.SkippedLocked, "worker-b"), (JobStatuses.Succeeded, "worker-a")],
            runs.Select(r => (r.Status, r.Host!)));
        Assert.Equal(1, runs[2].Counts["run"]);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TryLockJobAsync_HeldThenReleased_SecondTakerWaitsForTheRelease(string provider)
    {
        var db = TestDatabases.New(provider);
        await using (var held = await JobLock.TryAcquireAsync(db, "retention"))
        {
            Assert.NotNull(held);
            Assert.Null(await JobLock.TryAcquireAsync(db, "retention"));
            await using var other = await JobLock.TryAcquireAsync(db, "import-inbox");
            Assert.NotNull(other);
        }

        await using var again = await JobLock.TryAcquireAsync(db, "retention");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task RunOnceAsync_RunLeftRunningByADeadProcess_MarkedAbandonedByTheNextRun()
    {
        var db = TestDatabases.NewSqlite();
        var job = new ProbeJob();
        var store = TestServices.Get<JobRunStore>(db);
        var orphan = await store.StartAsync(job.Name, JobTriggers.Schedule, "dead-host"); // never finished

        var result = await new JobRunner(TestServices.Get<JobRunStore>(db), [job]).RunOnceAsync(job.Name, JobTriggers.Cli);

        Assert.Equal(JobStatuses.Succeeded, result.Status);
        var dead = await store.GetAsync(orphan);
        Assert.Equal(JobStatuses.Abandoned, dead!.Status);
        Assert.NotNull(dead.FinishedAt);
        Assert.Null(await store.GetAsync(result.RunId + 100));
    }

    [Fact]
    public async Task RunOnceAsync_UnknownJobOrTrigger_Throws()
    {
        var runner = new JobRunner(TestServices.Get<JobRunStore>(TestDatabases.NewSqlite()), [new ProbeJob()]);
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunOnceAsync("nope", JobTriggers.Cli));
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunOnceAsync("probe", "cron"));
        Assert.Throws<ArgumentException>(() => new JobRunner(TestServices.Get<JobRunStore>(TestDatabases.NewSqlite()), [new ProbeJob("Bad Name")]));
    }

    [Fact]
    public async Task ListAsync_Paging_ReturnsNewestFirstWithTheTotal()
    {
        var db = TestDatabases.NewSqlite();
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db), [new ProbeJob("a"), new ProbeJob("b")]);
        for (var i = 0; i < 3; i++)
        {
            await runner.RunOnceAsync("a", JobTriggers.Cli);
            await runner.RunOnceAsync("b", JobTriggers.Api);
        }

        var page = await runner.Runs.ListAsync(1, 2, "a");
        var all = await runner.Runs.ListAsync(0, 100);

        Assert.Equal(3, page.Total);
        Assert.Equal([2L, 1L], page.Items.Select(r => r.Counts["run"]));
        Assert.Equal(6, all.Total);
        Assert.Equal(all.Items.Select(r => r.Id).OrderDescending(), all.Items.Select(r => r.Id));
    }
}
