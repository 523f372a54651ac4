using CrmReco.Contracts.Campaigns;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>The two campaign cards of the overview: the next scheduled campaign (approved, with a send date,
/// earliest first) and the last campaign sent (or being sent) with its result so far.</summary>
public sealed class OverviewCampaigns(CampaignStore store, CampaignReports reports)
{
    /// <summary>The next scheduled campaign; null when none is approved with a send date.</summary>
    public async Task<OverviewCampaign?> NextAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var next = await store.Database.QueryAsync(
            "SELECT id FROM campaigns WHERE state = @approved AND send_at IS NOT NULL ORDER BY send_at, id LIMIT 1",
            r => r.Long(0), cancellationToken, ("approved", CampaignStates.Approved));
        if (next.Count == 0 || await store.GetSummaryAsync(next[0], cancellationToken) is not { } summary)
        {
            return null;
        }

        return new OverviewCampaign(summary.Id, summary.Name, summary.State, summary.SendAt, summary.Counts.Treatment, summary.Counts.Control);
    }

    /// <summary>The last campaign sent or being sent, with its treatment group's buyers and revenue and the
    /// uplift against the control group (as the campaign's report); null when none was sent.</summary>
    public async Task<OverviewCampaign?> LastAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reports);
        var last = await store.Database.QueryAsync(
            "SELECT id FROM campaigns WHERE state IN (@sent, @sending) ORDER BY COALESCE(sent_at, send_started_at) DESC, id DESC LIMIT 1",
            r => r.Long(0), cancellationToken, ("sent", CampaignStates.Sent), ("sending", CampaignStates.Sending));
        if (last.Count == 0 || await store.GetSummaryAsync(last[0], cancellationToken) is not { } summary)
        {
            return null;
        }

        var report = await reports.ReportAsync(summary.Id, cancellationToken: cancellationToken);
        var treatment = report.Groups.FirstOrDefault(g => g.Group == CampaignGroups.Treatment);
        return new OverviewCampaign(summary.Id, summary.Name, summary.State, report.SentAt ?? summary.SentAt, summary.Counts.Treatment, summary.Counts.Control,
            treatment?.Buyers, treatment?.Revenue, report.RevenueUplift, report.IncrementalRevenue, report.WindowEnd);
    }
}
