using CrmReco.Core.Email;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmReco.Core.Jobs;

/// <summary>Sends the approved campaigns whose date has come, and resumes interrupted sends (what
/// `crmreco campaign send` does, for every due campaign). The "Brevo" and "Email" sections come from the host's configuration.</summary>
public sealed class CampaignSendJob(CampaignSender sender) : ICrmJob
{
    public const string JobName = "campaign-send";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new JobCounts();
        foreach (var result in await sender.SendDueAsync(cancellationToken))
        {
            counts["campaigns"]++;
            counts["sent"] += result.Sent;
            counts["failed"] += result.Failed;
            counts["uncertain"] += result.Uncertain;
            counts["excluded_at_send"] += result.ExcludedAtSend;
            context.Log.CampaignSent(result.CampaignId, result.State, result.Sent, result.Failed, result.Uncertain, result.Errors.Count > 0 ? " — " + string.Join("; ", result.Errors) : string.Empty);
        }

        return counts;
    }
}

/// <summary>The nightly contact sync to Brevo (`crmreco brevo sync-contacts`), then the events of the last two days
/// (`crmreco brevo sync-events`) to cover a missed webhook. Without a Brevo key it does nothing.</summary>
public sealed class ContactSyncJob(BrevoSync sync, BrevoOptions brevo) : ICrmJob
{
    public const string JobName = "brevo-sync";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new JobCounts();
        if (!brevo.HasApiKey)
        {
            context.Log.NoBrevoKey();
            return counts;
        }

        var contacts = await sync.SyncContactsAsync(cancellationToken);
        counts["contacts"] = contacts.Contacts;
        counts["blacklisted"] = contacts.Blacklisted;
        if (contacts.Error is not null)
        {
            throw new InvalidOperationException("contact sync: " + contacts.Error);
        }

        var events = await sync.SyncEventsAsync(2, cancellationToken);
        counts["events_new"] = events.Stored.New;
        counts["opt_outs"] = events.Stored.OptOuts;
        return events.Error is null ? counts : throw new InvalidOperationException("event sync: " + events.Error);
    }
}
