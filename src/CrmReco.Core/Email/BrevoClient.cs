using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmReco.Core.Email;

/// <summary>Brevo's answer to a call: the status, the JSON body, and Brevo's error message when it failed.</summary>
public sealed record BrevoResponse(HttpStatusCode Status, JsonNode? Body, string? Error)
{
    public bool Success => (int)Status is >= 200 and < 300;
}

/// <summary>
/// The few Brevo API v3 endpoints CrmReco uses, over a typed <see cref="HttpClient"/> (registered with
/// <c>AddHttpClient</c>: base address and <c>api-key</c> header from <see cref="BrevoOptions"/>, retries from
/// Microsoft.Extensions.Http.Resilience — see <see cref="EmailServiceCollectionExtensions"/>). The key is a default
/// request header, redacted from HttpClient's logs, and never part of a message this class builds.
/// </summary>
public sealed class BrevoClient(HttpClient http)
{
    /// <summary><c>POST /smtp/email</c> (one call, batch included).</summary>
    public Task<BrevoResponse> SendEmailAsync(JsonObject body, CancellationToken cancellationToken = default) => PostAsync("smtp/email", body, cancellationToken);

    /// <summary><c>POST /contacts/import</c> with a JSON body; asynchronous on Brevo's side (returns a processId).</summary>
    public Task<BrevoResponse> ImportContactsAsync(JsonObject body, CancellationToken cancellationToken = default) => PostAsync("contacts/import", body, cancellationToken);

    /// <summary><c>GET /smtp/statistics/events</c>: transactional events between two days, paged.</summary>
    public async Task<BrevoResponse> GetEventsAsync(DateOnly start, DateOnly end, int offset, int limit, CancellationToken cancellationToken = default)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"smtp/statistics/events?startDate={start:yyyy-MM-dd}&endDate={end:yyyy-MM-dd}&offset={offset}&limit={limit}&sort=asc");
        using var response = await http.GetAsync(query, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private async Task<BrevoResponse> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var content = JsonContent.Create(body);
        await content.LoadIntoBufferAsync(cancellationToken); // retries send the same bytes
        using var response = await http.PostAsync(path, content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private static async Task<BrevoResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML error page): the status says enough
        }

        var error = response.IsSuccessStatusCode ? null
            : $"Brevo {(int)response.StatusCode} {json?["code"]?.GetValue<string>() ?? response.ReasonPhrase}: {json?["message"]?.GetValue<string>() ?? Truncate(text)}";
        return new BrevoResponse(response.StatusCode, json, error);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>Sends a batch through Brevo's <c>POST /smtp/email</c> with <c>messageVersions</c>: one version per
/// customer (each has its own content), the idempotency key inside <c>headers</c>, the campaign in <c>tags</c>
/// and in <c>X-Mailin-custom</c>.</summary>
public sealed class BrevoTransport(BrevoClient client, BrevoOptions options) : IEmailTransport
{
    public string Name => "brevo";

    /// <summary>The X-Mailin-custom value: campaign and customer (Brevo echoes it in its events).</summary>
    public static string CustomHeader(long campaignId, string? customerCode) => customerCode is null
        ? string.Create(CultureInfo.InvariantCulture, $"crmreco:campaign={campaignId}")
        : string.Create(CultureInfo.InvariantCulture, $"crmreco:campaign={campaignId};customer={customerCode}");

    /// <summary>The tag of a campaign's emails.</summary>
    public static string Tag(long campaignId) => string.Create(CultureInfo.InvariantCulture, $"crmreco-campaign-{campaignId}");

    public async Task<EmailBatchResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var body = Body(batch, options);
        BrevoResponse response;
        try
        {
            response = await client.SendEmailAsync(body, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EmailTransportUncertainException($"Brevo did not answer batch {batch.BatchNo} after the retries: {ex.Message}", ex);
        }

        if (response.Success)
        {
            var ids = response.Body?["messageIds"] is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList()
                : response.Body?["messageId"]?.GetValue<string>() is { } single ? [single] : [];
            return EmailBatchResult.Ok(ids);
        }

        if (response.Status == HttpStatusCode.TooManyRequests || (int)response.Status >= 500)
        {
            throw new EmailTransportUncertainException($"batch {batch.BatchNo}: {response.Error} (after the retries)");
        }

        return EmailBatchResult.Rejected(response.Error ?? $"Brevo {(int)response.Status}");
    }

    /// <summary>The JSON body of a batch (public for the tests' fake and the docs).</summary>
    public static JsonObject Body(EmailBatch batch, BrevoOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        var first = batch.Emails[0];
        var versions = new JsonArray();
        foreach (var email in batch.Emails)
        {
            var to = new JsonObject { ["email"] = email.To };
            if (email.ToName is { Length: > 0 } name)
            {
                to["name"] = name;
            }

            versions.Add(new JsonObject
            {
                ["to"] = new JsonArray(to),
                ["subject"] = email.Content.Subject,
                ["htmlContent"] = email.Content.Html,
                ["textContent"] = email.Content.Text,
            });
        }

        return new JsonObject
        {
            ["sender"] = new JsonObject { ["email"] = options.SenderEmail, ["name"] = options.SenderName },
            ["subject"] = first.Content.Subject,
            ["htmlContent"] = first.Content.Html,
            ["textContent"] = first.Content.Text,
            ["messageVersions"] = versions,
            ["tags"] = new JsonArray(Tag(batch.CampaignId)),
            ["headers"] = new JsonObject
            {
                ["idempotencyKey"] = batch.IdempotencyKey,
                ["X-Mailin-custom"] = batch.Emails.Count == 1 ? CustomHeader(batch.CampaignId, first.CustomerCode)
                    : CustomHeader(batch.CampaignId, null) + string.Create(CultureInfo.InvariantCulture, $";batch={batch.BatchNo}"),
            },
        };
    }
}
