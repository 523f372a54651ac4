using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>What a contact sync did.</summary>
public sealed record ContactSyncResult(int Contacts, int Blacklisted, int Calls, IReadOnlyList<long> ProcessIds, string? Error);

/// <summary>What an event pull did.</summary>
public sealed record EventSyncResult(int Pages, EmailEventsResult Stored, string? Error);

/// <summary>
/// Brevo's contacts and events: consenting customers upserted in bulk (<c>POST /contacts/import</c>, JSON body,
/// calls under 8 MB) with attributes the estate can segment on in Brevo (SEGMENT, CLV, LAST_ORDER_DATE,
/// FAVOURITE_VARIETY, SCENARIO, EXT_ID); opted-out customers sent as blacklisted so Brevo never mails them either.
/// Events pulled from <c>GET /smtp/statistics/events</c> to cover a missed webhook.
/// </summary>
public sealed class BrevoSync
{
    private const int MaxCallBytes = 8 * 1024 * 1024;
    private readonly SqlDatabase _database;
    private readonly BrevoClient _client;
    private readonly EmailEventStore _events;
    private readonly TimeProvider _time;

    internal BrevoSync(SqlDatabase database, BrevoClient client, EmailEventStore events, TimeProvider time)
    {
        _database = database;
        _client = client;
        _events = events;
        _time = time;
    }

    /// <summary>Upserts every customer with an address: attributes for the consenting ones, a blacklist flag for the opted-out.</summary>
    public async Task<ContactSyncResult> SyncContactsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync("""
            SELECT c.code, c.email, c.email_consent, c.erased_at,
                   (SELECT MAX(s.sale_date) FROM sales_lines s WHERE s.customer_code = c.code),
                   cs.segment, cs.clv_12m, cs.favourite_variety,
                   (SELECT MIN(r.scenario) FROM recommendations r WHERE r.run_id = (SELECT MAX(id) FROM recommendation_runs) AND r.customer_code = c.code),
                   CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.customer_code = c.code AND e.consent = FALSE) THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM sales_lines s WHERE s.customer_code = c.code) THEN 1 ELSE 0 END
            FROM customers c
            LEFT JOIN customer_scores cs ON cs.customer_code = c.code AND cs.run_id = (SELECT MAX(id) FROM analytics_runs)
            WHERE c.email IS NOT NULL AND c.email_valid = TRUE
            ORDER BY c.code
            """, r => new
        {
            Code = r.Text(0),
            Email = r.Text(1).Trim().ToLowerInvariant(),
            Consent = r.NullableBool(2),
            Erased = !r.IsDBNull(3),
            LastOrder = r.Date(4),
            Segment = r.Str(5),
            Clv = r.NullableDbl(6),
            Variety = r.Str(7),
            Scenario = r.Str(8),
            OptedOutEver = r.Long(9) == 1,
            Buyer = r.Long(10) == 1,
        }, cancellationToken);

        var contacts = new List<JsonObject>();
        var blacklisted = 0;
        foreach (var row in rows.Where(r => !r.Erased))
        {
            var consenting = row.Consent == true || (row.Consent is null && !row.OptedOutEver && row.Buyer);
            var optedOut = row.Consent == false || (row.Consent is null && row.OptedOutEver);
            if (optedOut)
            {
                contacts.Add(new JsonObject { ["email"] = row.Email, ["emailBlacklisted"] = true });
                blacklisted++;
            }
            else if (consenting)
            {
                var attributes = new JsonObject { ["EXT_ID"] = row.Code };
                Add(attributes, "SEGMENT", row.Segment);
                Add(attributes, "FAVOURITE_VARIETY", row.Variety);
                Add(attributes, "SCENARIO", row.Scenario);
                Add(attributes, "LAST_ORDER_DATE", row.LastOrder?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (row.Clv is { } clv && double.IsFinite(clv))
                {
                    attributes["CLV"] = Math.Round(clv, 2);
                }

                contacts.Add(new JsonObject { ["email"] = row.Email, ["attributes"] = attributes, ["emailBlacklisted"] = false });
            }
        }

        var processIds = new List<long>();
        var calls = 0;
        foreach (var chunk in Chunks(contacts))
        {
            var body = new JsonObject { ["jsonBody"] = new JsonArray(chunk.Select(c => (JsonNode)c.DeepClone()).ToArray()), ["updateExistingContacts"] = true, ["emptyContactsAttributes"] = false };
            var response = await _client.ImportContactsAsync(body, cancellationToken);
            calls++;
            if (!response.Success)
            {
                return new ContactSyncResult(contacts.Count, blacklisted, calls, processIds, response.Error);
            }

            if (response.Body?["processId"] is JsonValue id && id.TryGetValue<long>(out var pid))
            {
                processIds.Add(pid);
            }
        }

        return new ContactSyncResult(contacts.Count, blacklisted, calls, processIds, null);
    }

    /// <summary>Pulls the transactional events of the last <paramref name="days"/> days and stores the new ones.</summary>
    public async Task<EventSyncResult> SyncEventsAsync(int days = 7, CancellationToken cancellationToken = default)
    {
        var end = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var start = end.AddDays(-Math.Max(0, days));
        const int limit = 1000;
        var all = new List<EmailEvent>();
        var ignored = 0;
        var pages = 0;
        for (var offset = 0; ; offset += limit)
        {
            var response = await _client.GetEventsAsync(start, end, offset, limit, cancellationToken);
            pages++;
            if (!response.Success)
            {
                var partial = await _events.StoreAsync(all, "brevo-api", ignored, cancellationToken);
                return new EventSyncResult(pages, partial, response.Error);
            }

            var page = response.Body?["events"] as JsonArray ?? [];
            foreach (var node in page)
            {
                var e = node as JsonObject;
                var name = EmailEventStore.Normalize(e?["event"]?.GetValue<string>());
                var messageId = e?["messageId"]?.GetValue<string>();
                var date = e?["date"]?.GetValue<string>();
                if (name is null || messageId is null || date is null || !DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    ignored++;
                    continue;
                }

                all.Add(new EmailEvent(messageId, name, at.ToUnixTimeSeconds(), e!["email"]?.GetValue<string>(), null, null, e["link"]?.GetValue<string>(), e["reason"]?.GetValue<string>()));
            }

            if (page.Count < limit)
            {
                break;
            }
        }

        return new EventSyncResult(pages, await _events.StoreAsync(all, "brevo-api", ignored, cancellationToken), null);
    }

    private static void Add(JsonObject attributes, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            attributes[name] = value;
        }
    }

    private static IEnumerable<List<JsonObject>> Chunks(List<JsonObject> contacts)
    {
        var chunk = new List<JsonObject>();
        var bytes = 0;
        foreach (var contact in contacts)
        {
            var size = Encoding.UTF8.GetByteCount(contact.ToJsonString()) + 1;
            if (chunk.Count > 0 && bytes + size > MaxCallBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(contact);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
