namespace CrmReco.Core.Email;

/// <summary>The "Brevo" configuration section (environment: Brevo__ApiKey, …). Without an API key, campaigns go
/// to the outbox folder instead (see <see cref="EmailOptions.OutboxPath"/>).</summary>
public sealed class BrevoOptions
{
    public const string SectionName = "Brevo";

    /// <summary>The account's API key (header <c>api-key</c>); never logged. Empty: the outbox transport.</summary>
    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://api.brevo.com/v3";

    public string SenderEmail { get; set; } = "contact@domaine.example";

    public string SenderName { get; set; } = "Domaine";

    /// <summary>The secret in the webhook URL (<c>/api/webhooks/brevo/{token}</c>); empty disables the webhook.</summary>
    public string? WebhookToken { get; set; }

    /// <summary>How long one call may take before it counts as a timeout (then retried with the same idempotency key).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a call after a 429, a 5xx or a timeout.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay of the exponential backoff (with jitter).</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>The "Email" configuration section: content, audience rules and sending.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>Where the outbox transport writes (<c>&lt;campaign&gt;/&lt;customer&gt;.html</c> and <c>.eml</c>).</summary>
    public string OutboxPath { get; set; } = "data/outbox";

    /// <summary>A wine's link: {article}, {customer} and {campaign} are replaced.</summary>
    public string ShopUrlPattern { get; set; } = "https://boutique.domaine.example/vins/{article}?utm_source=crmreco&utm_campaign={campaign}";

    /// <summary>The unsubscribe link: {token} (the signed customer reference), {customer} and {campaign} are replaced.</summary>
    public string UnsubscribeUrlPattern { get; set; } = "http://localhost:5000/api/unsubscribe/{token}";

    /// <summary>The secret that signs unsubscribe links; default Brevo:WebhookToken, else a fixed development value.</summary>
    public string? UnsubscribeSecret { get; set; }

    /// <summary>No campaign email within this many days of the last contact that reached the same customer.</summary>
    public int PressureDays { get; set; } = 14;

    /// <summary>Which imported contacts count for the pressure window, as the recommendation run's silence window:
    /// <c>Any</c> channel (email, SMS, phone, post: the domain's "silence after any contact"), or <c>Email</c> only.
    /// Campaign emails always count.</summary>
    public Recommendations.SilenceChannels PressureChannels { get; set; } = Recommendations.SilenceChannels.Any;

    /// <summary>The control group's default share of the eligible audience (0 allowed).</summary>
    public double DefaultHoldout { get; set; } = 0.10;

    /// <summary>A fixed share of all customers never mailed by any campaign (0: none); drawn from the customer code
    /// with <see cref="PermanentHoldoutSeed"/>, so it is stable across campaigns.</summary>
    public double PermanentHoldoutShare { get; set; }

    public long PermanentHoldoutSeed { get; set; } = 20261207;

    /// <summary>Most recipients in one call (Brevo: ≤ 1,000 versions and ≤ 2,000 recipients per call).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Most bytes of content in one call (Brevo: 1,000 KB per call).</summary>
    public int MaxBatchBytes { get; set; } = 900_000;

    /// <summary>A batch found "sending" after a crash is resent with the same idempotency key only when it started
    /// less than this long ago (Brevo honours the key for 15–30 minutes); older, it is marked uncertain.</summary>
    public int IdempotencyWindowMinutes { get; set; } = 10;

    /// <summary>Days of sales counted after sending in <c>campaign report</c>.</summary>
    public int ReportWindowDays { get; set; } = 60;

    /// <summary>Staff addresses of the weekly report.</summary>
    public List<string> ReportRecipients { get; set; } = [];

    public string EstateName { get; set; } = "Domaine";

    public string EstateAddress { get; set; } = "1 rue des Vignes, 68000 Colmar, France";

    public string DefaultLanguage { get; set; } = "fr";

    public string DefaultTemplate { get; set; } = "default";
}
