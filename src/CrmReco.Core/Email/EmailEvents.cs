using System.Globalization;
using System.Text.Json;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>One event of Brevo, as received from a webhook or the event API.</summary>
public sealed record EmailEvent(string MessageId, string Event, long TsEvent, string? Email, long? CampaignId, string? CustomerCode, string? Link, string? Reason);

/// <summary>What storing events did.</summary>
public sealed record EmailEventsResult(int Received, int New, int OptOuts, int Suppressions, int Ignored);

/// <summary>
/// Brevo's events back: stored once per (message-id, event, ts_event) whatever the number of deliveries;
/// unsubscribed and spam become an opt-out in the consent history (source <c>brevo</c>) and a suppression; a hard
/// bounce (and invalid, blocked) suppresses the address. Events are matched to a campaign and customer by the
/// message id of the send log, else by X-Mailin-custom, else by the address.
/// </summary>
public sealed class EmailEventStore
{
    /// <summary>The event names CrmReco stores (snake_case, as in the payloads).</summary>
    public static readonly IReadOnlySet<string> KnownEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "request", "sent", "delivered", "opened", "unique_opened", "click", "soft_bounce", "hard_bounce", "spam", "blocked", "invalid", "deferred", "unsubscribed", "error", "proxy_open",
    };

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal EmailEventStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }


    /// <summary>An event name in either spelling (hardBounce, hard_bounce, hardBounces…) as stored, or null when unknown.</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var plain = name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var normalized = plain switch
        {
            "request" or "requests" => "request",
            "sent" => "sent",
            "delivered" => "delivered",
            "opened" or "opens" => "opened",
            "uniqueopened" => "unique_opened",
            "click" or "clicks" or "clicked" => "click",
            "softbounce" or "softbounces" => "soft_bounce",
            "hardbounce" or "hardbounces" or "bounces" => "hard_bounce",
            "spam" or "complaint" => "spam",
            "blocked" => "blocked",
            "invalid" or "invalidemail" => "invalid",
            "deferred" => "deferred",
            "unsubscribed" or "unsubscribe" => "unsubscribed",
            "error" => "error",
            "loadedbyproxy" or "proxyopen" => "proxy_open",
            _ => null,
        };
        return normalized;
    }

    /// <summary>Reads one webhook payload (a single event object, or an array when the webhook is batched).
    /// Unknown shapes are counted as ignored, never stored.</summary>
    public static IReadOnlyList<EmailEvent> ParseWebhook(JsonElement payload, out int ignored)
    {
        ignored = 0;
        var events = new List<EmailEvent>();
        foreach (var item in payload.ValueKind == JsonValueKind.Array ? payload.EnumerateArray().ToList() : [payload])
        {
            if (item.ValueKind != JsonValueKind.Object || Normalize(String(item, "event")) is not { } name || String(item, "message-id") is not { Length: > 0 } messageId)
            {
                ignored++;
                continue;
            }

            var ts = Long(item, "ts_event") ?? Long(item, "ts") ?? (Long(item, "ts_epoch") is { } ms ? ms / 1000 : null);
            if (ts is null)
            {
                ignored++;
                continue;
            }

            var (campaign, customer) = ParseCustom(String(item, "X-Mailin-custom"));
            events.Add(new EmailEvent(messageId, name, ts.Value, String(item, "email"), campaign, customer, String(item, "link"), String(item, "reason")));
        }

        return events;
    }

    /// <summary>Campaign and customer from an X-Mailin-custom value written by CrmReco ("crmreco:campaign=12;customer=C001").</summary>
    public static (long? Campaign, string? Customer) ParseCustom(string? value)
    {
        if (value is null || !value.StartsWith("crmreco:", StringComparison.Ordinal))
        {
            return (null, null);
        }

        long? campaign = null;
        string? customer = null;
        foreach (var part in value["crmreco:".Length..].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "campaign" && long.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c))
            {
                campaign = c;
            }
            else if (kv.Length == 2 && kv[0] == "customer")
            {
                customer = kv[1];
            }
        }

        return (campaign, customer);
    }

    /// <summary>Stores events idempotently and applies their consequences (once, on the first delivery of each).</summary>
    public async Task<EmailEventsResult> StoreAsync(IReadOnlyList<EmailEvent> events, string source, int ignored = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        int added = 0, optOuts = 0, suppressions = 0;
        var now = _time.GetUtcNow();
        foreach (var e in events)
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var match = await SqlReading.QueryAsync(connection, transaction, "SELECT campaign_id, customer_code, email FROM campaign_recipients WHERE message_id = @m",
                r => (Campaign: (long?)r.Long(0), Customer: r.Str(1), Email: r.Str(2)), cancellationToken, ("m", e.MessageId));
            var campaign = match.Count > 0 ? match[0].Campaign : e.CampaignId;
            var customer = match.Count > 0 ? match[0].Customer : e.CustomerCode;
            var email = (e.Email ?? (match.Count > 0 ? match[0].Email : null))?.Trim().ToLowerInvariant();
            if (customer is null && email is not null)
            {
                var byEmail = await SqlReading.QueryAsync(connection, transaction, "SELECT code FROM customers WHERE LOWER(email) = @e ORDER BY code", r => r.Text(0), cancellationToken, ("e", email));
                customer = byEmail.Count == 1 ? byEmail[0] : null;
            }

            var inserted = await SqlDatabase.ExecuteAsync(connection, transaction, """
                INSERT INTO email_events (message_id, event, ts_event, email, campaign_id, customer_code, link, reason, source, received_at)
                VALUES (@m, @e, @ts, CASE WHEN EXISTS (SELECT 1 FROM customers WHERE code = @customer AND erased_at IS NOT NULL) THEN NULL ELSE @email END,
                        @campaign, @customer, @link, @reason, @source, @now)
                ON CONFLICT (message_id, event, ts_event) DO NOTHING
                """, cancellationToken, ("m", e.MessageId), ("e", e.Event), ("ts", e.TsEvent), ("email", email), ("campaign", campaign), ("customer", customer),
                ("link", e.Link), ("reason", e.Reason), ("source", source), ("now", now));
            if (inserted == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            added++;
            CrmRecoMetrics.EmailEventStored(e.Event);
            if (e.Event is "unsubscribed" or "spam" && customer is not null)
            {
                // Through the consent history, as PrivacyService records any change (an erased customer stays as is).
                var changed = await SqlDatabase.ExecuteAsync(connection, transaction,
                    "UPDATE customers SET email_consent = FALSE, consent_source = 'brevo', consent_at = @now WHERE code = @code AND erased_at IS NULL", cancellationToken,
                    ("now", now), ("code", customer));
                if (changed > 0)
                {
                    await SqlDatabase.ExecuteAsync(connection, transaction, "INSERT INTO consent_events (customer_code, at, consent, source, actor) VALUES (@code, @now, FALSE, 'brevo', @actor)",
                        cancellationToken, ("code", customer), ("now", now), ("actor", "brevo:" + e.Event));
                    optOuts++;
                }
            }

            if (e.Event is "hard_bounce" or "spam" or "unsubscribed" or "invalid" && email is not null)
            {
                suppressions += await SqlDatabase.ExecuteAsync(connection, transaction, """
                    INSERT INTO email_suppressions (email, reason, source, created_at) VALUES (@email, @reason, 'brevo', @now) ON CONFLICT (email) DO NOTHING
                    """, cancellationToken, ("email", email), ("reason", e.Event), ("now", now));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new EmailEventsResult(events.Count + ignored, added, optOuts, suppressions, ignored);
    }

    /// <summary>Suppresses an address by hand (a complaint by phone…).</summary>
    public async Task SuppressAsync(string email, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, "INSERT INTO email_suppressions (email, reason, source, created_at) VALUES (@email, @reason, 'manual', @now) ON CONFLICT (email) DO NOTHING",
            cancellationToken, ("email", email.Trim().ToLowerInvariant()), ("reason", reason), ("now", _time.GetUtcNow()));
    }

    /// <summary>Events per name for a campaign (engagement beside the results).</summary>
    public async Task<Dictionary<string, int>> CountByEventAsync(long campaignId, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync("SELECT event, COUNT(DISTINCT message_id) FROM email_events WHERE campaign_id = @c GROUP BY event", r => (r.Text(0), r.Int(1)), cancellationToken, ("c", campaignId)))
        .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(v => v.ToString())),
            _ => null,
        } : null;

    private static long? Long(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out var n) : long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) ? n : null;
}
