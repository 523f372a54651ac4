using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Email;

/// <summary>The worker's campaign job: a scheduled campaign goes out at its time, not before.</summary>
public sealed class CampaignJobTests
{
    [Fact]
    public async Task CampaignSendJob_ScheduledCampaign_SentOnlyOnceItsTimeHasCome()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        var outbox = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        long id;
        await using (var services = await EmailTestSupport.StartAsync(db, time: time))
        {
            var campaigns = services.GetRequiredService<CampaignService>();
            id = (await campaigns.CreateAsync(new CreateCampaignRequest("Noël", SendAt: time.GetUtcNow().AddHours(2), Seed: 12), "test")).CampaignId;
            await campaigns.ApproveAsync(id, "test");
        }

        await using var host = await EmailTestSupport.StartAsync(db, settings: new() { ["Email:OutboxPath"] = outbox }, time: time);
        var runner = new JobRunner(host.GetRequiredService<JobRunStore>(), [new CampaignSendJob(host.GetRequiredService<CampaignSender>())], time);

        var early = await runner.RunOnceAsync(CampaignSendJob.JobName, JobTriggers.Schedule);
        time.Advance(TimeSpan.FromHours(2));
        var due = await runner.RunOnceAsync(CampaignSendJob.JobName, JobTriggers.Schedule);
        var after = await runner.RunOnceAsync(CampaignSendJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Succeeded, early.Status);
        Assert.Equal(0, early.Counts.GetValueOrDefault("campaigns"));
        Assert.Equal(JobStatuses.Succeeded, due.Status);
        var summary = (await host.GetRequiredService<CampaignStore>().GetSummaryAsync(id))!;
        Assert.Equal(CampaignStates.Sent, summary.State);
        Assert.Equal(summary.Counts.Treatment, due.Counts["sent"]);
        Assert.Equal(summary.Counts.Treatment, Directory.GetFiles(Path.Combine(outbox, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "*.eml").Length);
        Assert.Equal(0, after.Counts.GetValueOrDefault("campaigns"));
    }
}
