using CrmReco.Core.Alerts;
using CrmReco.Core.Jobs;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Integration.Tests.Jobs;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Alerts;

/// <summary>The alerts job on a real job history: a failed backup is sent once a day, through runs and restarts.</summary>
public sealed class AlertJobTests
{
    /// <summary>The transport the campaigns will provide: here, the alerts kept in a list.</summary>
    private sealed class Outbox : IAlertSender
    {
        public List<Alert> Sent { get; } = [];

        public Task SendAsync(Alert alert, CancellationToken cancellationToken = default)
        {
            Sent.Add(alert);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Run_FailedBackup_SendsOneAlertADay()
    {
        var db = TestDatabases.NewSqlite();
        await CliRunner.RunAsync("migrate", "--db", db);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var state = Path.Combine(Directory.CreateTempSubdirectory("crmreco-alerts-").FullName, "alerts.json");
        var outbox = new Outbox();
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db, clock), [new ProbeJob(BackupJob.JobName) { Fail = true }, new AlertJob(new AlertOptions(), state, TestServices.Get<JobRunStore>(db, clock), outbox)], clock);

        await runner.RunOnceAsync(BackupJob.JobName, JobTriggers.Schedule);
        clock.Advance(TimeSpan.FromMinutes(15));
        var first = await runner.RunOnceAsync(AlertJob.JobName, JobTriggers.Schedule);
        clock.Advance(TimeSpan.FromMinutes(15));
        var second = await runner.RunOnceAsync(AlertJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Succeeded, first.Status);
        Assert.Equal(1, first.Counts["sent"]);
        Assert.Equal(0, second.Counts["alerts"]);
        var alert = Assert.Single(outbox.Sent);
        Assert.Equal("job-failed:backup", alert.Key);
        Assert.True(File.Exists(state));

        // A restarted worker (a new job, the same state file), the next day: the backup still fails, reminded once.
        clock.Advance(TimeSpan.FromDays(1));
        var restarted = new JobRunner(TestServices.Get<JobRunStore>(db, clock), [new AlertJob(new AlertOptions(), state, TestServices.Get<JobRunStore>(db, clock), outbox)], clock);
        await restarted.RunOnceAsync(AlertJob.JobName, JobTriggers.Schedule);
        await restarted.RunOnceAsync(AlertJob.JobName, JobTriggers.Schedule);
        Assert.Equal(["job-failed:backup", "job-failed:backup"], outbox.Sent.Select(a => a.Key));
    }

    [Fact]
    public async Task Run_WithoutSender_CountsTheAlertsAndLogsThem()
    {
        var db = TestDatabases.NewSqlite();
        await CliRunner.RunAsync("migrate", "--db", db);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var log = new FakeLogger<JobRunner>();
        var state = Path.Combine(Directory.CreateTempSubdirectory("crmreco-alerts-").FullName, "alerts.json");
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db, clock), [new ProbeJob(RestoreDrillJob.JobName) { Fail = true }, new AlertJob(new AlertOptions(), state, TestServices.Get<JobRunStore>(db, clock))], clock, logger: log);

        await runner.RunOnceAsync(RestoreDrillJob.JobName, JobTriggers.Schedule);
        var result = await runner.RunOnceAsync(AlertJob.JobName, JobTriggers.Schedule);

        Assert.Equal(1, result.Counts["alerts"]);
        Assert.Equal(0, result.Counts["sent"]);
        Assert.Contains(log.Collector.GetSnapshot(), line => line.Message.Contains("alert job-failed:restore-drill: [CrmReco] L'exercice de restauration", StringComparison.Ordinal));
    }
}
