using System.Globalization;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Options;

namespace CrmReco.Core.Email;

/// <summary>Thrown when an operation does not fit the campaign's state (approve a sent campaign, send a draft…).</summary>
public sealed class CampaignStateException(string message) : InvalidOperationException(message);

/// <summary>
/// Campaigns from creation to approval: the audience drawn from a recommendation run under the audience rules
/// (each exclusion recorded with its reason), the control group drawn with a recorded seed and stratified by
/// segment, the review (remove a recipient or a wine), the approval (blocked when the template does not render),
/// the preview, the cancellation. Sending is <see cref="CampaignSender"/>'s.
/// </summary>
public sealed class CampaignService
{
    private readonly CampaignStore _store;
    private readonly TemplateStore _templates;
    private readonly EmailRenderer _renderer;
    private readonly EmailOptions _options;
    private readonly TimeProvider _time;

    public CampaignService(CampaignStore store, TemplateStore templates, EmailRenderer renderer, IOptions<EmailOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _templates = templates;
        _renderer = renderer;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Creates a draft from the run (latest by default) narrowed by the request's filters.</summary>
    public async Task<CampaignCreated> CreateAsync(CreateCampaignRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new ArgumentException("A campaign needs a name.", nameof(request));
        }

        var holdout = request.Holdout ?? _options.DefaultHoldout;
        if (double.IsNaN(holdout) || holdout is < 0 or >= 1)
        {
            throw new ArgumentException($"The control group's share must be between 0 (none) and 1 (excluded), not {holdout.ToString(CultureInfo.InvariantCulture)}.", nameof(request));
        }

        var language = Language(request.Language ?? _options.DefaultLanguage);
        var templateName = request.Template ?? _options.DefaultTemplate;
        var template = await _templates.GetAsync(templateName, language, cancellationToken)
            ?? throw new ArgumentException($"No template '{templateName}' in language '{language}'.", nameof(request));
        var runId = request.RunId ?? await _store.LatestRunAsync(cancellationToken)
            ?? throw new CampaignStateException("No recommendation run yet: run `crmreco recommend` (or the nightly scoring) first.");
        if (!await _store.RunExistsAsync(runId, cancellationToken))
        {
            throw new ArgumentException($"No recommendation run {runId.ToString(CultureInfo.InvariantCulture)}.", nameof(request));
        }

        var now = _time.GetUtcNow();
        var seed = request.Seed ?? now.ToUnixTimeMilliseconds();
        var segments = await _store.LoadSegmentsAsync(cancellationToken);
        var audience = await Audience.LoadAsync(_store.Database, _options, null, cancellationToken);
        var segmentFilter = Set(request.Segments);
        var scenarioFilter = Set(request.Scenarios);
        var customerFilter = Set(request.Customers);
        var rejected = await Recommendations.RecommendationReviewStore.RejectedAsync(_store.Database, runId, cancellationToken); // the run's review

        var recipients = new List<NewRecipient>();
        var items = new List<NewItem>();
        var eligible = new List<(string Code, string Segment)>();
        foreach (var customer in (await _store.LoadRunItemsAsync(runId, cancellationToken)).GroupBy(i => i.CustomerCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var code = customer.Key;
            var scenario = customer.First().Scenario;
            var segment = segments.GetValueOrDefault(code, "unknown");
            if ((segmentFilter is not null && !segmentFilter.Contains(segment)) || (scenarioFilter is not null && !scenarioFilter.Contains(scenario))
                || (customerFilter is not null && !customerFilter.Contains(code)))
            {
                continue;
            }

            var wines = customer.OrderBy(i => i.Rank).Select(i => new NewItem(code, i.Rank, i.Article, i.TextFr, i.TextEn,
                rejected.Contains((code, i.Article)) ? ExclusionReasons.RejectedRecommendation : audience.InStock(i.Article) ? null : ExclusionReasons.OutOfStock)).ToList();
            items.AddRange(wines);
            var reason = audience.Exclusion(code, now) ?? (wines.All(w => w.RemovedReason is not null)
                ? wines.Any(w => w.RemovedReason == ExclusionReasons.OutOfStock) ? ExclusionReasons.OutOfStock : ExclusionReasons.NoRecommendation
                : null);
            if (reason is not null)
            {
                recipients.Add(new NewRecipient(code, audience.Customer(code)?.Email, segment, scenario, null, RecipientStatuses.Excluded, reason));
                continue;
            }

            eligible.Add((code, segment));
            recipients.Add(new NewRecipient(code, audience.Customer(code)?.Email, segment, scenario, CampaignGroups.Treatment, RecipientStatuses.Pending, null));
        }

        var control = DrawControl(eligible, holdout, seed);
        var drawn = recipients.Select(r => control.Contains(r.CustomerCode)
            ? r with { Group = CampaignGroups.Control, Status = RecipientStatuses.Excluded, Reason = ExclusionReasons.ControlGroup }
            : r).ToList();
        var subject = request.Subject is { Length: > 0 } s ? s : template.Subject;
        var id = await _store.InsertAsync(request, runId, subject, templateName, language, holdout, seed, actor, drawn, items, cancellationToken);
        return new CampaignCreated(id, runId, seed, await _store.CountsAsync(id, cancellationToken));
    }

    /// <summary>
    /// The control group: within each segment (in name order), the eligible customers sorted by code, shuffled by
    /// one <see cref="Random"/> seeded with <paramref name="seed"/>, and the first ones taken. Each segment gives
    /// round(share × cumulative size) − what the previous segments gave, so small segments still add up to the share.
    /// The same audience and seed always draw the same customers.
    /// </summary>
    public static HashSet<string> DrawControl(IReadOnlyList<(string Code, string Segment)> eligible, double share, long seed)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        var control = new HashSet<string>(StringComparer.Ordinal);
        if (share <= 0)
        {
            return control;
        }

        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var cumulative = 0;
        foreach (var stratum in eligible.GroupBy(e => e.Segment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var codes = stratum.Select(e => e.Code).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(codes);
            var take = (int)Math.Round((cumulative + codes.Length) * share, MidpointRounding.AwayFromZero) - (int)Math.Round(cumulative * share, MidpointRounding.AwayFromZero);
            cumulative += codes.Length;
            control.UnionWith(codes.Take(take));
        }

        return control;
    }

    /// <summary>Approves a draft after rendering the email of every treatment recipient: a template that fails blocks
    /// the approval with its message.</summary>
    public async Task ApproveAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var detail = await _store.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        if (detail.Campaign.State != CampaignStates.Draft)
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is {detail.Campaign.State}: only a draft can be approved.");
        }

        var template = await TemplateOfAsync(detail.Campaign, cancellationToken);
        var error = await _renderer.ValidateAsync(template, detail.Campaign.Subject);
        if (error is not null)
        {
            throw new TemplateRenderException("Approval blocked: " + error);
        }

        foreach (var recipient in detail.Recipients.Where(r => r.Group == CampaignGroups.Treatment && r.Status == RecipientStatuses.Pending))
        {
            try
            {
                await _renderer.RenderAsync(template, detail.Campaign.Subject, (await ModelAsync(detail.Campaign, recipient.CustomerCode, cancellationToken)).Model);
            }
            catch (TemplateRenderException ex)
            {
                throw new TemplateRenderException($"Approval blocked (customer {recipient.CustomerCode}): {ex.Message}");
            }
        }

        if (!await _store.TransitionAsync(id, [CampaignStates.Draft], CampaignStates.Approved, cancellationToken, ("approved_at", _time.GetUtcNow()), ("approved_by", actor)))
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} changed while being approved; look at it again.");
        }
    }

    /// <summary>Cancels a campaign not sent yet (a send in progress stops before its next batch).</summary>
    public async Task CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        var summary = await _store.GetSummaryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        if (!await _store.TransitionAsync(id, [CampaignStates.Draft, CampaignStates.Approved, CampaignStates.Sending], CampaignStates.Cancelled, cancellationToken, ("cancelled_at", _time.GetUtcNow())))
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is {summary.State}: it can no longer be cancelled.");
        }
    }

    /// <summary>Edits a draft (subject, template, language, send date); the template must exist.</summary>
    public async Task UpdateAsync(long id, UpdateCampaignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var summary = await _store.GetSummaryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        var language = request.Language is null ? summary.Language : Language(request.Language);
        var name = request.Template ?? summary.Template;
        if (await _templates.GetAsync(name, language, cancellationToken) is null)
        {
            throw new ArgumentException($"No template '{name}' in language '{language}'.", nameof(request));
        }

        if (!await _store.UpdateDraftAsync(id, request with { Language = request.Language is null ? null : language }, cancellationToken))
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is {summary.State}: only a draft can be edited.");
        }
    }

    /// <summary>Removes a recipient during review (a draft's pending treatment or control customer).</summary>
    public async Task RemoveRecipientAsync(long id, string customerCode, CancellationToken cancellationToken = default)
    {
        await RequireDraftAsync(id, cancellationToken);
        if (!await _store.ExcludeAsync(id, customerCode, ExclusionReasons.RemovedInReview, cancellationToken))
        {
            throw new KeyNotFoundException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} has no pending recipient '{customerCode}'.");
        }
    }

    /// <summary>Removes one wine of a recipient during review; a recipient left with none is excluded.</summary>
    public async Task RemoveItemAsync(long id, string customerCode, int rank, CancellationToken cancellationToken = default)
    {
        await RequireDraftAsync(id, cancellationToken);
        if (!await _store.RemoveItemAsync(id, customerCode, rank, ExclusionReasons.RemovedInReview, cancellationToken))
        {
            throw new KeyNotFoundException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} has no wine {rank.ToString(CultureInfo.InvariantCulture)} left for '{customerCode}'.");
        }

        if ((await _store.LoadItemsAsync(id, customerCode, cancellationToken)).All(i => i.Item.RemovedReason is not null))
        {
            await _store.ExcludeAsync(id, customerCode, ExclusionReasons.NoRecommendation, cancellationToken);
        }
    }

    /// <summary>The email of one customer of the campaign, exactly as it would be sent.</summary>
    public Task<EmailPreview> PreviewAsync(long id, string customerCode, CancellationToken cancellationToken = default) =>
        PreviewAsync(id, customerCode, null, cancellationToken);

    /// <summary>The email of one customer of the campaign rendered with a template not saved yet (the template
    /// editor's preview); a template that does not render throws <see cref="TemplateRenderException"/>.</summary>
    public async Task<EmailPreview> PreviewAsync(long id, string customerCode, SaveTemplateRequest? draft, CancellationToken cancellationToken = default)
    {
        var detail = await _store.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        var recipient = detail.Recipients.FirstOrDefault(r => string.Equals(r.CustomerCode, customerCode, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"Customer '{customerCode}' is not in campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        var template = draft is null
            ? await TemplateOfAsync(detail.Campaign, cancellationToken)
            : new EmailTemplateSource(detail.Campaign.Template, detail.Campaign.Language, draft.Subject, draft.Html, draft.Text);
        var (model, address, _) = await ModelAsync(detail.Campaign, recipient.CustomerCode, cancellationToken);
        var email = await _renderer.RenderAsync(template, detail.Campaign.Subject, model);
        return new EmailPreview(recipient.CustomerCode, address ?? recipient.Email ?? string.Empty, email.Subject, email.Html, email.Text);
    }

    internal async Task<EmailTemplateSource> TemplateOfAsync(CampaignSummary campaign, CancellationToken cancellationToken) =>
        await _templates.GetAsync(campaign.Template, campaign.Language, cancellationToken)
        ?? throw new TemplateRenderException($"Template '{campaign.Template}' ({campaign.Language}) no longer exists.");

    /// <summary>What one customer's email is rendered from, read the same way for the preview, the approval and
    /// the send: the customer's current name and address, and the wines not removed.</summary>
    internal async Task<(EmailModel Model, string? Email, string? Name)> ModelAsync(CampaignSummary campaign, string customerCode, CancellationToken cancellationToken)
    {
        var customer = await _store.Database.QueryAsync("SELECT first_name, last_name, email FROM customers WHERE code = @code",
            r => (First: r.Str(0), Last: r.Str(1), Email: r.Str(2)), cancellationToken, ("code", customerCode));
        var (first, last, email) = customer.Count > 0 ? customer[0] : ((string?)null, (string?)null, (string?)null);
        var wines = (await _store.LoadItemsAsync(campaign.Id, customerCode, cancellationToken)).Select(i => i.Item).Where(i => i.RemovedReason is null)
            .Select(i => new EmailWine(i.Article, i.Label ?? i.Article, i.Vintage, i.Price, campaign.Language == "en" ? i.ReasonEn : i.ReasonFr)).ToList();
        var name = string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return (new EmailModel(campaign.Id, campaign.Name, customerCode, first, last, campaign.Language, wines), email, name.Length > 0 ? name : null);
    }

    private async Task RequireDraftAsync(long id, CancellationToken cancellationToken)
    {
        var summary = await _store.GetSummaryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        if (summary.State != CampaignStates.Draft)
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is {summary.State}: recipients and wines can be removed only from a draft.");
        }
    }

    private static string Language(string language) => language.Trim().ToLowerInvariant() switch
    {
        "fr" => "fr",
        "en" => "en",
        _ => throw new ArgumentException($"Unknown language '{language}': use fr or en."),
    };

    private static HashSet<string>? Set(IReadOnlyList<string>? values) =>
        values is { Count: > 0 } ? values.Select(v => v.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase) : null;
}
