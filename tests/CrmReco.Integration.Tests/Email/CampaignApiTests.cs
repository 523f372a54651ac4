using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Accounts;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Api;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Email;

/// <summary>/api/campaigns, /api/templates and Brevo's webhook through the real API.</summary>
public sealed class CampaignApiTests
{
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        ["Brevo:WebhookToken"] = "hook-secret",
        ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N")),
    };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Webhook_EventsTwiceInBothSpellings_StoredOnceAndTurnedIntoOptOutsAndSuppressions(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true, Settings);
        var customers = await CampaignSendTests.RunCustomersAsync(host.ConnectionString);
        var (unsubscribing, bouncing) = (customers[0], customers[1]);
        var client = host.CreateClient();
        var unsubscribe = new
        {
            @event = "unsubscribed",
            email = await CampaignSendTests.EmailOfAsync(host.ConnectionString, unsubscribing),
            id = 1,
            date = "2026-12-07 10:00:00",
            ts_event = 1796637600L,
            ts_epoch = 1796637600123L,
            messageId = "ignored",
            subject = "Nos vins",
            tag = "crmreco-campaign-1",
        };
        var payload = JsonSerializer.SerializeToElement(unsubscribe) is var e ? MessageId(e, "<m1@smtp-relay.mailin.fr>") : default;
        var bounce = MessageId(JsonSerializer.SerializeToElement(new
        {
            @event = "hardBounce",
            email = await CampaignSendTests.EmailOfAsync(host.ConnectionString, bouncing),
            ts_event = 1796637700L,
            reason = "mailbox does not exist",
        }), "<m2@smtp-relay.mailin.fr>");

        var first = await client.PostAsJsonAsync("/api/webhooks/brevo/hook-secret", payload);
        var again = await client.PostAsJsonAsync("/api/webhooks/brevo/hook-secret", payload);
        var batched = await client.PostAsJsonAsync("/api/webhooks/brevo/hook-secret", new[] { bounce, bounce });
        var wrongToken = await client.PostAsJsonAsync("/api/webhooks/brevo/not-the-secret", payload);
        var unknownShape = await client.PostAsJsonAsync("/api/webhooks/brevo/hook-secret", new { hello = "world" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("new").GetInt32());
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("new").GetInt32());
        Assert.Equal(1, (await batched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("new").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownShape.StatusCode);
        var db = TestServices.Database(host.ConnectionString);
        Assert.Equal(2L, (await db.QueryAsync("SELECT COUNT(*) FROM email_events", r => r.Long(0), CancellationToken.None))[0]);
        Assert.Equal(["hard_bounce", "unsubscribed"], await db.QueryAsync("SELECT event FROM email_events ORDER BY event", r => r.Text(0), CancellationToken.None));
        var consent = await db.QueryAsync("SELECT email_consent, consent_source FROM customers WHERE code = @c", r => (r.NullableBool(0), r.Str(1)), CancellationToken.None, ("c", unsubscribing));
        Assert.Equal((false, "brevo"), consent[0]);
        Assert.Equal(1L, (await db.QueryAsync("SELECT COUNT(*) FROM consent_events WHERE customer_code = @c AND consent = FALSE AND source = 'brevo'", r => r.Long(0), CancellationToken.None, ("c", unsubscribing)))[0]);
        var suppressed = await db.QueryAsync("SELECT email, reason FROM email_suppressions ORDER BY reason", r => (r.Text(0), r.Text(1)), CancellationToken.None);
        Assert.Equal(["hard_bounce", "unsubscribed"], suppressed.Select(s => s.Item2));

        // The next campaign leaves both out, with their reasons.
        var marketing = host.As(Roles.Marketing);
        var created = await (await marketing.PostAsJsonAsync("/api/campaigns", new CreateCampaignRequest("Après les événements", Seed: 1))).Content.ReadFromJsonAsync<CampaignCreated>();
        var detail = await marketing.GetFromJsonAsync<CampaignDetail>($"/api/campaigns/{created!.CampaignId}");
        Assert.Equal(ExclusionReasons.OptedOut, detail!.Recipients.Single(r => r.CustomerCode == unsubscribing).Reason);
        Assert.Equal(ExclusionReasons.Suppressed, detail.Recipients.Single(r => r.CustomerCode == bouncing).Reason);
    }

    [Fact]
    public async Task Campaigns_ViewerReadsMarketingCreatesApprovesSends_AndEachWriteIsAudited()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: true, Settings);
        var viewer = host.As(Roles.Viewer);
        var marketing = host.As(Roles.Marketing);

        var refused = await viewer.PostAsJsonAsync("/api/campaigns", new CreateCampaignRequest("Non"));
        var created = await (await marketing.PostAsJsonAsync("/api/campaigns", new CreateCampaignRequest("Printemps", Holdout: 0.2, Seed: 4))).Content.ReadFromJsonAsync<CampaignCreated>();
        var id = created!.CampaignId;
        var detail = (await viewer.GetFromJsonAsync<CampaignDetail>($"/api/campaigns/{id}"))!;
        var removed = detail.Recipients.First(r => r.Group == CampaignGroups.Treatment);
        var remove = await marketing.DeleteAsync($"/api/campaigns/{id}/recipients/{removed.CustomerCode}");
        var preview = await viewer.GetFromJsonAsync<EmailPreview>($"/api/campaigns/{id}/preview/{detail.Recipients.Last(r => r.Group == CampaignGroups.Treatment).CustomerCode}");
        var sendDraft = await marketing.PostAsync($"/api/campaigns/{id}/send", null);
        var approve = await marketing.PostAsync($"/api/campaigns/{id}/approve", null);
        var send = await marketing.PostAsync($"/api/campaigns/{id}/send", null);
        var result = await send.Content.ReadFromJsonAsync<CampaignSendResult>();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Contains("L'abus d'alcool est dangereux pour la santé, à consommer avec modération.", preview!.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, sendDraft.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        Assert.Equal(created.Counts.Treatment - 1, result!.Sent);
        Assert.Equal(CampaignStates.Sent, result.State);
        var after = (await viewer.GetFromJsonAsync<CampaignDetail>($"/api/campaigns/{id}"))!;
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.RemovedInReview), after.Recipients.Where(r => r.CustomerCode == removed.CustomerCode).Select(r => (r.Status, r.Reason)).Single());
        var audit = await TestServices.Database(host.ConnectionString).QueryAsync("SELECT action FROM audit_log WHERE action LIKE 'campaign.%' ORDER BY id", r => r.Text(0), CancellationToken.None);
        Assert.Equal(["campaign.create", "campaign.remove-recipient", "campaign.approve", "campaign.send"], audit);
        var report = await viewer.GetFromJsonAsync<CampaignReport>($"/api/campaigns/{id}/report");
        Assert.Equal([CampaignGroups.Treatment, CampaignGroups.Control], report!.Groups.Select(g => g.Group));
        Assert.Equal(created.Counts.Control, report.Groups[1].Customers);
        var pooled = await viewer.GetFromJsonAsync<PooledCampaignReport>($"/api/campaigns/pooled-report?ids={id}&ids={id}");
        Assert.Equal([id], pooled!.CampaignIds);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/campaigns/pooled-report?ids=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/campaigns/pooled-report")).StatusCode);
    }

    [Fact]
    public async Task Templates_OneWithoutTheLoiEvinMessage_IsRefusedAndBlocksNothingElse()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, Settings);
        var marketing = host.As(Roles.Marketing);

        var bad = await marketing.PutAsJsonAsync("/api/templates/court/fr", new SaveTemplateRequest("Bonjour", "<p>{{ greeting }}</p><a href=\"{{ unsubscribe_url }}\">x</a>", "{{ greeting }} {{ unsubscribe_url }}"));
        var typo = await marketing.PutAsJsonAsync("/api/templates/court/fr", new SaveTemplateRequest("Bonjour", "<p>{{ greting }}</p>{{ evin }}<a href=\"{{ unsubscribe_url }}\">x</a>", "{{ evin }} {{ unsubscribe_url }}"));
        var good = await marketing.PutAsJsonAsync("/api/templates/court/fr", new SaveTemplateRequest("Bonjour", "<p>{{ greeting }}</p><p>{{ evin }}</p><a href=\"{{ unsubscribe_url }}\">x</a>", "{{ evin }} {{ unsubscribe_url }}"));
        var list = await host.As(Roles.Viewer).GetFromJsonAsync<List<EmailTemplate>>("/api/templates");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Loi Évin", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(["court/fr", "default/en", "default/fr"], list!.Select(t => t.Name + "/" + t.Language));
    }

    private static JsonElement MessageId(JsonElement element, string messageId)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!.AsObject();
        node["message-id"] = messageId;
        return JsonSerializer.SerializeToElement(node);
    }
}
