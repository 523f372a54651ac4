using System.Globalization;
using System.Text.Json.Nodes;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Core.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Email;

/// <summary>`brevo sync-contacts` and `brevo sync-events` (and the nightly job that runs both) against the fake Brevo.</summary>
public sealed class BrevoSyncTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SyncContacts_Samples_ConsentingWithAttributesOptedOutBlacklistedErasedAbsent(string provider)
    {
        var db = await EmailTestSupport.SeededAsync(provider);
        await using var brevo = await FakeBrevo.StartAsync();
        await using var services = await EmailTestSupport.StartAsync(db, brevo);
        var customers = await CampaignSendTests.RunCustomersAsync(db);
        var privacy = services.GetRequiredService<PrivacyService>();
        var optedOut = customers[0];
        var erased = customers[1];
        var erasedEmail = await CampaignSendTests.EmailOfAsync(db, erased);
        Assert.True(await privacy.SetConsentAsync(optedOut, false, "phone", "test"));
        Assert.True(await privacy.EraseAsync(erased, "test"));

        var result = await services.GetRequiredService<BrevoSync>().SyncContactsAsync();

        Assert.Null(result.Error);
        Assert.Empty(brevo.Violations);
        var call = Assert.Single(brevo.Calls);
        Assert.Equal(("POST", "/v3/contacts/import", FakeBrevo.ApiKey), (call.Method, call.Path, call.Key));
        var contacts = JsonNode.Parse(call.Body)!["jsonBody"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(result.Contacts, contacts.Count);
        Assert.Equal([77L], result.ProcessIds);
        var byCode = contacts.Where(c => c["attributes"] is not null).ToDictionary(c => c["attributes"]!["EXT_ID"]!.GetValue<string>(), StringComparer.Ordinal);
        Assert.DoesNotContain(optedOut, byCode.Keys);
        Assert.DoesNotContain(erased, byCode.Keys);
        Assert.DoesNotContain(contacts, c => string.Equals(c["email"]!.GetValue<string>(), erasedEmail, StringComparison.OrdinalIgnoreCase));
        var blacklisted = contacts.Where(c => c["emailBlacklisted"]!.GetValue<bool>()).Select(c => c["email"]!.GetValue<string>()).ToList();
        Assert.Equal(result.Blacklisted, blacklisted.Count);
        Assert.Contains((await CampaignSendTests.EmailOfAsync(db, optedOut))!.Trim().ToLowerInvariant(), blacklisted);

        // The attributes are the latest analytics run's: check one consenting customer against the database.
        var sample = customers[5];
        var expected = (await TestServices.Database(db).QueryAsync("""
            SELECT cs.segment, MAX(s.sale_date) FROM customer_scores cs JOIN sales_lines s ON s.customer_code = cs.customer_code
            WHERE cs.customer_code = @c AND cs.run_id = (SELECT MAX(id) FROM analytics_runs) GROUP BY cs.segment
            """, r => (Segment: r.Text(0), Last: r.Date(1)), CancellationToken.None, ("c", sample)))[0];
        var attributes = byCode[sample]["attributes"]!;
        Assert.Equal(expected.Segment, attributes["SEGMENT"]!.GetValue<string>());
        Assert.Equal(expected.Last!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), attributes["LAST_ORDER_DATE"]!.GetValue<string>());
        Assert.NotNull(attributes["SCENARIO"]);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SyncEvents_MissedWebhook_StoredOnceAndUnsubscribeBecomesAnOptOut(string provider)
    {
        var db = await EmailTestSupport.SeededAsync(provider);
        await using var brevo = await FakeBrevo.StartAsync();
        await using var services = await EmailTestSupport.StartAsync(db, brevo);
        var campaigns = services.GetRequiredService<CampaignService>();
        var id = (await campaigns.CreateAsync(new CreateCampaignRequest("Hiver", Seed: 5), "test")).CampaignId;
        await campaigns.ApproveAsync(id, "test");
        await services.GetRequiredService<CampaignSender>().SendAsync(id);
        var sent = (await services.GetRequiredService<CampaignStore>().GetAsync(id))!.Recipients.Where(r => r.Status == RecipientStatuses.Sent).Take(2).ToList();
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        brevo.Events.Add(new JsonObject { ["event"] = "delivered", ["email"] = sent[0].Email, ["messageId"] = sent[0].MessageId, ["date"] = today });
        brevo.Events.Add(new JsonObject { ["event"] = "opened", ["email"] = sent[0].Email, ["messageId"] = sent[0].MessageId, ["date"] = today });
        brevo.Events.Add(new JsonObject { ["event"] = "unsubscribed", ["email"] = sent[1].Email, ["messageId"] = sent[1].MessageId, ["date"] = today });
        brevo.Events.Add(new JsonObject { ["event"] = "delivered", ["email"] = "x@y.z" }); // no message id: ignored

        var sync = services.GetRequiredService<BrevoSync>();
        var first = await sync.SyncEventsAsync(2);
        var second = await sync.SyncEventsAsync(2);

        Assert.Null(first.Error);
        Assert.Equal((4, 3, 1, 1), (first.Stored.Received, first.Stored.New, first.Stored.OptOuts, first.Stored.Ignored));
        Assert.Equal((0, 0), (second.Stored.New, second.Stored.OptOuts));
        Assert.Contains(brevo.Calls, c => c.Path.StartsWith("/v3/smtp/statistics/events?startDate=", StringComparison.Ordinal) && c.Key == FakeBrevo.ApiKey);
        var consent = await TestServices.Database(db).QueryAsync(
            "SELECT c.email_consent, e.source FROM customers c JOIN consent_events e ON e.customer_code = c.code WHERE c.code = @c ORDER BY e.id DESC",
            r => (Consent: r.NullableBool(0), Source: r.Text(1)), CancellationToken.None, ("c", sent[1].CustomerCode));
        Assert.Equal((false, "brevo"), consent[0]);
        var report = await services.GetRequiredService<CampaignReports>().ReportAsync(id);
        Assert.Equal((1, 1, 1), (report.Engagement.Delivered, report.Engagement.Opened, report.Engagement.Unsubscribed));
    }

    [Fact]
    public async Task BrevoCommands_NoApiKey_FailWithAClearMessage()
    {
        var db = TestDatabases.NewSqlite();

        var contacts = await CliRunner.RunAsync("brevo", "sync-contacts", "--db", db, "--lang", "en");
        var events = await CliRunner.RunAsync("brevo", "sync-events", "--db", db, "--lang", "en");

        Assert.Equal(2, contacts.ExitCode);
        Assert.Contains("no Brevo:ApiKey configured (environment Brevo__ApiKey)", contacts.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, events.ExitCode);
        Assert.Contains("no Brevo:ApiKey configured", events.StdErr, StringComparison.Ordinal);
    }
}
