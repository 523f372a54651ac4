namespace CrmReco.Contracts.Campaigns;

/// <summary>The states of a campaign: draft → approved → sending → sent, or cancelled.</summary>
public static class CampaignStates
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Cancelled = "cancelled";
}

/// <summary>A recipient's group: mailed (treatment) or held out to measure the campaign (control).</summary>
public static class CampaignGroups
{
    public const string Treatment = "treatment";
    public const string Control = "control";
}

/// <summary>A recipient's status. <c>sending</c> and <c>uncertain</c> belong to the send log: a call was made
/// and its outcome is not known yet (a crash) or could not be reconciled (see docs/email.md).</summary>
public static class RecipientStatuses
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Uncertain = "uncertain";
    public const string Excluded = "excluded";
}

/// <summary>Why a customer is not mailed.</summary>
public static class ExclusionReasons
{
    public const string NoConsent = "no_consent";
    public const string OptedOut = "opted_out";
    public const string InvalidEmail = "invalid_email";
    public const string Erased = "erased";
    public const string Suppressed = "suppressed";
    public const string ContactPressure = "contact_pressure";
    public const string OutOfStock = "out_of_stock";
    public const string NoRecommendation = "no_recommendation";
    public const string PermanentHoldout = "permanent_holdout";
    public const string RemovedInReview = "removed_in_review";
    /// <summary>A wine rejected in the review of the recommendation run (/recommendations), before the campaign.</summary>
    public const string RejectedRecommendation = "rejected_recommendation";
    public const string NotACustomer = "not_a_customer";
    /// <summary>Drawn into the control group: not sent, on purpose.</summary>
    public const string ControlGroup = "control_group";
}

/// <summary>What a new campaign is drawn from. Null lists mean "no filter"; <see cref="RunId"/> null means the latest run.</summary>
public sealed record CreateCampaignRequest(
    string Name,
    long? RunId = null,
    IReadOnlyList<string>? Segments = null,
    IReadOnlyList<string>? Scenarios = null,
    IReadOnlyList<string>? Customers = null,
    string? Subject = null,
    string? Template = null,
    string? Language = null,
    DateTimeOffset? SendAt = null,
    double? Holdout = null,
    long? Seed = null);

/// <summary>Edits of a draft: subject, template, language, send date (null: unchanged).</summary>
public sealed record UpdateCampaignRequest(string? Subject = null, string? Template = null, string? Language = null, DateTimeOffset? SendAt = null, string? Name = null);

/// <summary>Counts of a campaign's audience.</summary>
public sealed record CampaignCounts(int Eligible, int Treatment, int Control, int Excluded, int Sent, int Failed, int Uncertain, int Pending, IReadOnlyDictionary<string, int> ExclusionsByReason);

/// <summary>What a campaign's creation found: the campaign, the run, the seed of the draw, and its audience counts.</summary>
public sealed record CampaignCreated(long CampaignId, long RunId, long Seed, CampaignCounts Counts);

/// <summary>A campaign as listed.</summary>
public sealed record CampaignSummary(
    long Id, string Name, string State, long RunId, string Subject, string Template, string Language, DateTimeOffset? SendAt,
    double Holdout, long Seed, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ApprovedAt, string? ApprovedBy, DateTimeOffset? SentAt, CampaignCounts Counts);

/// <summary>One wine of a recipient.</summary>
public sealed record CampaignItem(int Rank, string Article, string? Label, int? Vintage, decimal? Price, string Reason, string? RemovedReason);

/// <summary>One recipient of a campaign with its group (null: excluded before the draw), status and (once sent) Brevo's message id.</summary>
public sealed record CampaignRecipient(
    string CustomerCode, string? Email, string? Name, string Segment, string Scenario, string? Group, string Status, string? Reason, string? MessageId, int? Batch,
    DateTimeOffset? SentAt, IReadOnlyList<CampaignItem> Items);

/// <summary>A campaign with its filters and recipients.</summary>
public sealed record CampaignDetail(CampaignSummary Campaign, IReadOnlyList<string> Segments, IReadOnlyList<string> Scenarios, IReadOnlyList<string> Customers, IReadOnlyList<CampaignRecipient> Recipients);

/// <summary>An email exactly as it is sent.</summary>
public sealed record EmailPreview(string CustomerCode, string To, string Subject, string Html, string Text);

/// <summary>The outcome of one send run.</summary>
public sealed record CampaignSendResult(long CampaignId, string State, int Sent, int Failed, int Uncertain, int ExcludedAtSend, int Batches, int ResentBatches, IReadOnlyList<string> Errors);

/// <summary>A Liquid template in one language.</summary>
public sealed record EmailTemplate(string Name, string Language, string Subject, string Html, string Text, bool BuiltIn, DateTimeOffset? UpdatedAt);

/// <summary>Saves a template (creates or replaces one name and language).</summary>
public sealed record SaveTemplateRequest(string Subject, string Html, string Text);

/// <summary>One group's results over the window after sending.</summary>
public sealed record GroupResult(string Group, int Customers, int Buyers, int Orders, double Bottles, double Revenue, double RevenuePerCustomer, double ConversionRate);

/// <summary>Engagement counted from Brevo's events.</summary>
public sealed record EngagementCounts(int Delivered, int Opened, int Clicked, int SoftBounces, int HardBounces, int Spam, int Unsubscribed, int Blocked);

/// <summary>An estimated difference (treatment − control) with its interval; <see cref="Indicative"/> when
/// the groups are too small to mean more than a hint.</summary>
public sealed record UpliftFigure(double Estimate, double Low, double High, bool Indicative);

/// <summary>Several campaigns pooled (a season): the groups summed over the campaigns kept, the uplift combined.</summary>
/// <param name="CampaignsPooled">Campaigns with sales after their send and a control group (the others are left out).</param>
public sealed record PooledCampaignReport(
    IReadOnlyList<long> CampaignIds, int CampaignsPooled, IReadOnlyList<GroupResult> Groups, UpliftFigure? RevenueUplift, UpliftFigure? ConversionUplift, double? IncrementalRevenue, string? Note);

/// <summary>What a campaign earned: groups, uplift (when the estimator is available) and engagement.</summary>
public sealed record CampaignReport(
    long CampaignId, string Name, DateTimeOffset? SentAt, DateOnly? WindowStart, DateOnly? WindowEnd, int WindowDays,
    IReadOnlyList<GroupResult> Groups, UpliftFigure? RevenueUplift, UpliftFigure? ConversionUplift, double? IncrementalRevenue, EngagementCounts Engagement, string? Note);
