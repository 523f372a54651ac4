using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
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

    /// <summary>Edits a draft: name, subject, send date (null fields are kept).</summary>
    public Task<CampaignDetail> UpdateAsync(long id, UpdateCampaignRequest request, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CampaignDetail>(HttpMethod.Put, Url(id), request, cancellationToken);

    public Task<EmailTemplate?> TemplateAsync(string name, string language, CancellationToken cancellationToken = default) =>
        api.FindAsync<EmailTemplate>(TemplateUrl(name, language), cancellationToken);

    /// <summary>Saves a template; when it does not render, the API's message (English) instead of the template.</summary>
    public async Task<(EmailTemplate? Template, string? Error)> SaveTemplateAsync(string name, string language, SaveTemplateRequest template, CancellationToken cancellationToken = default)
    {
        using var response = await api.WriteRawAsync(HttpMethod.Put, TemplateUrl(name, language), JsonContent.Create(template, options: Json), cancellationToken, 400);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<EmailTemplate>(Json, cancellationToken), null)
            : (null, await DetailAsync(response, cancellationToken));
    }

    /// <summary>A recipient's email rendered with a template being edited (not saved), or the render error (English).</summary>
    public async Task<(EmailPreview? Preview, string? Error)> PreviewDraftAsync(long id, string customer, SaveTemplateRequest template, CancellationToken cancellationToken = default)
    {
        using var response = await api.WriteRawAsync(HttpMethod.Post, Url(id) + "/preview/" + Uri.EscapeDataString(customer), JsonContent.Create(template, options: Json), cancellationToken, 422);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<EmailPreview>(Json, cancellationToken), null)
            : (null, await DetailAsync(response, cancellationToken));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        CrmReco.Web.Campaigns.TemplateErrorText.DetailOf(await response.Content.ReadAsStringAsync(cancellationToken));

    private static string TemplateUrl(string name, string language) => "api/templates/" + Uri.EscapeDataString(name) + "/" + Uri.EscapeDataString(language);

    private static string Url(long id) => "api/campaigns/" + id.ToString(CultureInfo.InvariantCulture);
}
