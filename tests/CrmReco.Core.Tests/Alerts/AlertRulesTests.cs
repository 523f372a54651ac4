using CrmReco.Core.Alerts;
using CrmReco.Core.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Core.Tests.Alerts;

public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private static long _ids;

    private static JobRun Run(string job, DateTimeOffset at, string status, string? error = null, params (string Name, long Value)[] counts) =>
        new(Interlocked.Increment(ref _ids), job, JobTriggers.Schedule, at, at.AddMinutes(1), status, error, counts.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal), "vps:1");

    private static JobRun Imported(DateTimeOffset at) => Run(ImportInboxJob.JobName, at, JobStatuses.Succeeded, null, ("files_loaded", 3));

    [Fact]
    public void Evaluate_BackupStillFailing_AlertsOnceADay()
    {
        var clock = new FakeTimeProvider(Monday.AddMinutes(15));
        var rules = new AlertRules(clock);
        JobRun[] runs = [Imported(Monday.AddDays(-1)), Run(BackupJob.JobName, Monday, JobStatuses.Failed, "pg_dump failed (exit 1): connection refused")];
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        var first = Assert.Single(rules.Evaluate(runs, sent));
        Assert.Equal("job-failed:backup", first.Key);
        Assert.Equal("[CrmReco] La sauvegarde de la base a échoué", first.Subject);
        Assert.Contains("pg_dump failed (exit 1): connection refused", first.Body, StringComparison.Ordinal);
        sent[first.Key] = clock.GetUtcNow();

        clock.Advance(TimeSpan.FromHours(12)); // 15:15 the same day: already told
        Assert.Empty(rules.Evaluate(runs, sent));

        clock.Advance(TimeSpan.FromHours(12)); // the next day, still failing: reminded
        Assert.Equal(["job-failed:backup"], rules.Evaluate(runs, sent).Select(a => a.Key));
    }

    [Fact]
    public void Evaluate_JobSucceededSinceItFailed_NoAlert()
    {
        var rules = new AlertRules(new FakeTimeProvider(Monday.AddHours(1)));
        JobRun[] runs = [Imported(Monday.AddDays(-1)), Run(NightlyScoringJob.JobName, Monday.AddDays(-1), JobStatuses.Failed, "boom"), Run(NightlyScoringJob.JobName, Monday, JobStatuses.Succeeded)];

        Assert.Empty(rules.Evaluate(runs, new Dictionary<string, DateTimeOffset>()));
    }

    [Fact]
    public void Evaluate_RestoreDrillFailed_IsNamedAsTheDrill()
    {
        var rules = new AlertRules(new FakeTimeProvider(Monday.AddHours(3)));
        JobRun[] runs = [Imported(Monday), Run(RestoreDrillJob.JobName, Monday.AddHours(2), JobStatuses.Failed, "crmreco-x.zip is corrupted")];

        var alert = Assert.Single(rules.Evaluate(runs, new Dictionary<string, DateTimeOffset>()));

        Assert.Equal("job-failed:restore-drill", alert.Key);
        Assert.Contains("exercice de restauration", alert.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_InboxRejectedFiles_AlertsOncePerRun()
    {
        var clock = new FakeTimeProvider(Monday.AddHours(4));
        var rules = new AlertRules(clock);
        var rejecting = Run(ImportInboxJob.JobName, Monday.AddHours(3), JobStatuses.Succeeded, null, ("files_loaded", 2), ("files_rejected", 1));
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        var alert = Assert.Single(rules.Evaluate([rejecting], sent));
        Assert.Equal($"inbox-rejected:run-{rejecting.Id}", alert.Key);
        Assert.Contains("a refusé 1 fichier(s)", alert.Body, StringComparison.Ordinal);
        sent[alert.Key] = clock.GetUtcNow();

        clock.Advance(TimeSpan.FromDays(1)); // an event is told once, not every day
        Assert.Empty(rules.Evaluate([rejecting], sent));

        var another = Run(ImportInboxJob.JobName, clock.GetUtcNow().AddMinutes(-5), JobStatuses.Succeeded, null, ("files_rejected", 2));
        Assert.Equal([$"inbox-rejected:run-{another.Id}"], rules.Evaluate([rejecting, another], sent).Select(a => a.Key));
    }

    [Fact]
    public void Evaluate_NoImportForNDays_Alerts_AndARecentImportDoesNot()
    {
        var clock = new FakeTimeProvider(Monday);
        var rules = new AlertRules(clock, new AlertOptions(NoImportDays: 8));
        JobRun[] runs = [Imported(Monday.AddDays(-9)), Run(ImportInboxJob.JobName, Monday.AddDays(-1), JobStatuses.Succeeded)]; // an empty inbox since

        var alert = Assert.Single(rules.Evaluate(runs, new Dictionary<string, DateTimeOffset>()));
        Assert.Equal("no-import", alert.Key);
        Assert.Equal("[CrmReco] Aucun export importé depuis 9 jours", alert.Subject);

        Assert.Empty(rules.Evaluate([.. runs, Imported(Monday.AddDays(-2))], new Dictionary<string, DateTimeOffset>()));
    }

    [Fact]
    public void Evaluate_OneAlertPerDay_CountsDaysInTheEstatesTimeZone()
    {
        // Sent at 23:30 in Paris (22:30 UTC); an hour later it is the next day in Paris, though not yet in UTC.
        var sentAt = new DateTimeOffset(2026, 12, 7, 22, 30, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(sentAt.AddHours(1));
        JobRun[] runs = [Imported(Monday), Run(BackupJob.JobName, Monday, JobStatuses.Failed, "disk full")];
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { ["job-failed:backup"] = sentAt };

        Assert.Single(new AlertRules(clock).Evaluate(runs, sent));
        Assert.Empty(new AlertRules(clock, new AlertOptions(TimeZone: "UTC")).Evaluate(runs, sent));
    }
}
