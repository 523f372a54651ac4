using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Hosting.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>The schedule loop on a fake clock: runs at the cron's occurrences, catches up once, survives failures.</summary>
public sealed class CronJobServiceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);

    private static (CronJobService Service, JobRunner Runner) Create(string db, ProbeJob job, ObservedTimeProvider time, string cron = "0 2 * * *", bool catchUp = true)
    {
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db, time), [job], time, host: "test");
        return (new CronJobService(job.Name, CronSchedule.Parse(cron, "UTC"), catchUp, runner, time, NullLogger<CronJobService>.Instance), runner);
    }

    [Fact]
    public async Task ExecuteAsync_ClockReachesOccurrences_RunsAtEachOccurrenceAndRecordsIt()
    {
        var db = TestDatabases.NewSqlite();
        var time = new ObservedTimeProvider(Monday);
        var job = new ProbeJob();
        var (service, runner) = Create(db, job, time);

        await service.StartAsync(CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Fake.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(job.StartedAt); // 01:59: not yet

        time.Fake.Advance(TimeSpan.FromMinutes(1));
        await job.WaitForRunsAsync(1);
        await time.WaitForTimerAsync(); // waiting for Tuesday
        time.Fake.Advance(TimeSpan.FromDays(1));
        await job.WaitForRunsAsync(2);
        await time.WaitForTimerAsync();
        await service.StopAsync(CancellationToken.None);

        Assert.Equal([Monday.AddHours(1), Monday.AddDays(1).AddHours(1)], job.StartedAt);
        var runs = (await runner.Runs.ListAsync(0, 10, job.Name)).Items;
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal((JobTriggers.Schedule, JobStatuses.Succeeded), (r.Trigger, r.Status)));
        Assert.Equal(Monday.AddDays(1).AddHours(1), runs[0].StartedAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ExecuteAsync_SeveralOccurrencesMissed_CatchesUpOnceThenWaitsForTheNext(string provider)
    {
        var db = TestDatabases.New(provider);
        var time = new ObservedTimeProvider(Monday.AddHours(1)); // Monday 02:00: the last run before the outage
        var job = new ProbeJob();
        var (service, runner) = Create(db, job, time);
        Assert.Equal(JobStatuses.Succeeded, (await runner.RunOnceAsync(job.Name, JobTriggers.Schedule)).Status);

        time.Fake.SetUtcNow(Monday.AddDays(4).AddHours(9)); // Friday 10:00: Tuesday to Friday 02:00 were missed
        await service.StartAsync(CancellationToken.None);
        await job.WaitForRunsAsync(2);
        await time.WaitForTimerAsync(); // the loop now waits for Saturday 02:00
        await service.StopAsync(CancellationToken.None);

        var runs = (await runner.Runs.ListAsync(0, 10, job.Name)).Items;
        Assert.Equal([JobTriggers.CatchUp, JobTriggers.Schedule], runs.Select(r => r.Trigger));
        Assert.Equal(Monday.AddDays(4).AddHours(9), runs[0].StartedAt);
        Assert.Equal(2, job.StartedAt.Count);
    }

    [Fact]
    public async Task ExecuteAsync_NoOccurrenceMissed_DoesNotCatchUp()
    {
        var db = TestDatabases.NewSqlite();
        var time = new ObservedTimeProvider(Monday.AddHours(1));
        var job = new ProbeJob();
        var (service, runner) = Create(db, job, time);
        await runner.RunOnceAsync(job.Name, JobTriggers.Schedule);

        time.Fake.SetUtcNow(Monday.AddHours(9)); // same day, the next occurrence is tomorrow
        await service.StartAsync(CancellationToken.None);
        await time.WaitForTimerAsync();
        await service.StopAsync(CancellationToken.None);

        Assert.Single(job.StartedAt);
        Assert.Equal(1, (await runner.Runs.ListAsync(0, 10)).Total);
    }

    [Fact]
    public async Task ExecuteAsync_JobFails_FailureRecordedAndTheLoopGoesOn()
    {
        var db = TestDatabases.NewSqlite();
        var time = new ObservedTimeProvider(Monday);
        var job = new ProbeJob { Fail = true };
        var (service, runner) = Create(db, job, time, cron: "*/30 * * * *");

        await service.StartAsync(CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            await time.WaitForTimerAsync();
            time.Fake.Advance(TimeSpan.FromMinutes(30));
            await job.WaitForRunsAsync(i);
        }

        await time.WaitForTimerAsync();
        await service.StopAsync(CancellationToken.None);

        var runs = (await runner.Runs.ListAsync(0, 10, job.Name)).Items;
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(JobStatuses.Failed, r.Status));
        Assert.Equal("InvalidOperationException: probe failure 3", runs[0].Error);
    }

    [Fact]
    public async Task ExecuteAsync_StoppedDuringARun_RunRecordedAsAbandoned()
    {
        var db = TestDatabases.NewSqlite();
        var time = new ObservedTimeProvider(Monday);
        var job = new ProbeJob { HoldFirstRun = true };
        var (service, runner) = Create(db, job, time);

        await service.StartAsync(CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Fake.Advance(TimeSpan.FromHours(1));
        await job.FirstRunStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None); // the job is still holding: it sees the stopping token

        var run = Assert.Single((await runner.Runs.ListAsync(0, 10)).Items);
        Assert.Equal(JobStatuses.Abandoned, run.Status);
        Assert.NotNull(run.FinishedAt);
    }

    [Fact]
    public void Parse_BadCronOrZone_ThrowsFormatExceptionNamingIt()
    {
        Assert.Contains("'0 3 * *'", Assert.Throws<FormatException>(() => CronSchedule.Parse("0 3 * *", "UTC")).Message, StringComparison.Ordinal);
        Assert.Contains("'Mars/Olympus'", Assert.Throws<FormatException>(() => CronSchedule.Parse("0 3 * * *", "Mars/Olympus")).Message, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), CronSchedule.Parse("30 3 * * *", "Europe/Paris").Next(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task JobRunStore_LastStart_IgnoresSkippedAndAbandonedRuns()
    {
        var db = TestDatabases.NewSqlite();
        var time = new ObservedTimeProvider(Monday);
        var store = TestServices.Get<JobRunStore>(db, time);
        var first = await store.StartAsync("probe", JobTriggers.Schedule, "a");
        await store.FinishAsync(first, JobStatuses.Succeeded, null, new JobCounts());
        time.Fake.Advance(TimeSpan.FromHours(1));
        await store.RecordSkippedAsync("probe", JobTriggers.Schedule, "b");
        time.Fake.Advance(TimeSpan.FromHours(1));
        var abandoned = await store.StartAsync("probe", JobTriggers.Schedule, "a");
        await store.FinishAsync(abandoned, JobStatuses.Abandoned, "stopped", new JobCounts());

        Assert.Equal(Monday, await store.LastStartAsync("probe"));
        Assert.Null(await store.LastStartAsync("other"));
    }
}
