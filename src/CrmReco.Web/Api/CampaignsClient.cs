using System.Globalization;
using CrmReco.Contracts.Campaigns;

namespace CrmReco.Web.Api;

/// <summary>/api/campaigns: list, one campaign, its email preview and results; create, remove a recipient,
/// approve, send and cancel (writes carry the antiforgery token through <see cref="ApiHttp"/>).</summary>
public sealed class CampaignsClient(ApiHttp api)
{
    public Task<List<CampaignSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<List<CampaignSummary>>("api/campaigns", cancellationToken);

    public Task<CampaignDetail?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        api.FindAsync<CampaignDetail>(Url(id), cancellationToken);

    public Task<CampaignCreated> CreateAsync(CreateCampaignRequest request, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CampaignCreated>(HttpMethod.Post, "api/campaigns", request, cancellationToken);

    public Task<CampaignSummary> ApproveAsync(long id, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CampaignSummary>(HttpMethod.Post, Url(id) + "/approve", null, cancellationToken);

    /// <summary>Sends (or resumes) the campaign now; the call lasts as long as the send.</summary>
    public Task<CampaignSendResult> SendAsync(long id, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CampaignSendResult>(HttpMethod.Post, Url(id) + "/send?now=true", null, cancellationToken);

    public Task<CampaignSummary> CancelAsync(long id, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CampaignSummary>(HttpMethod.Post, Url(id) + "/cancel", null, cancellationToken);

    public Task RemoveRecipientAsync(long id, string customer, CancellationToken cancellationToken = default) =>
        api.WriteAsync(HttpMethod.Delete, Url(id) + "/recipients/" + Uri.EscapeDataString(customer), null, cancellationToken);

    public Task<EmailPreview> PreviewAsync(long id, string customer, CancellationToken cancellationToken = default) =>
        api.GetAsync<EmailPreview>(Url(id) + "/preview/" + Uri.EscapeDataString(customer), cancellationToken);

    public Task<CampaignReport> ReportAsync(long id, int? windowDays = null, CancellationToken cancellationToken = default) =>
        api.GetAsync<CampaignReport>(Query.Build(Url(id) + "/report", ("windowDays", windowDays)), cancellationToken);

    private static string Url(long id) => "api/campaigns/" + id.ToString(CultureInfo.InvariantCulture);
}
