using System.Diagnostics;
using System.Globalization;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Core.Privacy;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Email;

/// <summary>Campaigns sent to a fake Brevo: who gets an email (and who never does), exactly once, through faults,
/// a 4xx, a SIGKILL of the sender and its resume.</summary>
public sealed class CampaignSendTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Send_ThroughFakeBrevo_EachTreatmentCustomerExactlyOnceAndNobodyWithoutConsentOrInControl(string provider)
    {
        var db = await EmailTestSupport.SeededAsync(provider);
        await using var brevo = await FakeBrevo.StartAsync();
        await using var services = await EmailTestSupport.StartAsync(db, brevo, new() { ["Email:BatchSize"] = "40" });
        var customers = await RunCustomersAsync(db);
        var privacy = services.GetRequiredService<PrivacyService>();
        Assert.True(await privacy.SetConsentAsync(customers[0], false, "phone", "test"));
        Assert.True(await privacy.EraseAsync(customers[1], "test"));
        await services.GetRequiredService<EmailEventStore>().SuppressAsync((await EmailOfAsync(db, customers[2]))!, "complaint");

        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Printemps", Holdout: 0.2, Seed: 7), "test");
        await campaigns.ApproveAsync(created.CampaignId, "test");
        // Opted out after the approval: the rules are checked again at send.
        var store = services.GetRequiredService<CampaignStore>();
        var lateOptOut = (await store.GetAsync(created.CampaignId))!.Recipients.First(r => r.Group == CampaignGroups.Treatment).CustomerCode;
        Assert.True(await privacy.SetConsentAsync(lateOptOut, false, "unsubscribe", "test"));

        var result = await services.GetRequiredService<CampaignSender>().SendAsync(created.CampaignId);

        var detail = (await store.GetAsync(created.CampaignId))!;
        Assert.Equal(CampaignStates.Sent, detail.Campaign.State);
        Assert.Empty(result.Errors);
        Assert.Empty(brevo.Violations);
        Assert.All(brevo.Calls, c => Assert.Equal(FakeBrevo.ApiKey, c.Key));
        var sent = detail.Recipients.Where(r => r.Status == RecipientStatuses.Sent).ToList();
        var delivered = brevo.DeliveriesPerAddress();
        Assert.Equal(sent.Select(r => r.Email!).Order(StringComparer.OrdinalIgnoreCase), delivered.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(delivered.Values, count => Assert.Equal(1, count));
        Assert.All(sent, r => Assert.Equal(CampaignGroups.Treatment, r.Group));
        Assert.All(sent, r => Assert.StartsWith("<", r.MessageId, StringComparison.Ordinal));
        Assert.True(detail.Campaign.Counts.Control > 0);
        Assert.DoesNotContain(detail.Recipients.Where(r => r.Group == CampaignGroups.Control), r => r.Email is not null && delivered.ContainsKey(r.Email));
        Assert.Equal(sent.Count + 1, detail.Recipients.Count(r => r.Group == CampaignGroups.Treatment)); // all but the late opt-out
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.OptedOut), Reason(detail, customers[0]));
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.Erased), Reason(detail, customers[1]));
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.Suppressed), Reason(detail, customers[2]));
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.OptedOut), Reason(detail, lateOptOut));
        Assert.Equal(1, result.ExcludedAtSend);
        var body = brevo.EmailBodies.First();
        Assert.Contains(BrevoTransport.Tag(created.CampaignId), body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains(DefaultTemplates.EvinMessage, System.Net.WebUtility.HtmlDecode(brevo.Deliveries[0].Html), StringComparison.Ordinal);

        // Sending again sends nothing.
        var calls = brevo.Calls.Count;
        var again = await services.GetRequiredService<CampaignSender>().SendAsync(created.CampaignId);
        Assert.Equal(0, again.Sent);
        Assert.Equal(calls, brevo.Calls.Count);
    }

    [Fact]
    public async Task Send_RateLimitServerErrorDroppedAndSlowAnswers_RetriedAndEachCustomerOnce()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        await using var brevo = await FakeBrevo.StartAsync();
        await using var services = await EmailTestSupport.StartAsync(db, brevo, new() { ["Email:BatchSize"] = "60", ["Brevo:TimeoutSeconds"] = "2" });
        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Faults", Holdout: 0.1, Seed: 3), "test");
        await campaigns.ApproveAsync(created.CampaignId, "test");
        brevo.Then(FakeFault.RateLimit, FakeFault.ServerError, FakeFault.Drop, FakeFault.Slow, FakeFault.Ok, FakeFault.ServerError);
        var watch = Stopwatch.StartNew();

        var result = await services.GetRequiredService<CampaignSender>().SendAsync(created.CampaignId);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), "the 429 waits x-sib-ratelimit-reset");
        Assert.Empty(result.Errors);
        Assert.Empty(brevo.Violations);
        var detail = (await services.GetRequiredService<CampaignStore>().GetAsync(created.CampaignId))!;
        var treatment = detail.Recipients.Where(r => r.Group == CampaignGroups.Treatment).ToList();
        Assert.All(treatment, r => Assert.Equal(RecipientStatuses.Sent, r.Status));
        var delivered = brevo.DeliveriesPerAddress();
        Assert.Equal(treatment.Count, delivered.Count);
        Assert.All(delivered.Values, count => Assert.Equal(1, count));
        // The first batch was asked for five times (429, 500, drop, slow then its retry), always with the same key.
        var keys = brevo.EmailBodies.Select(b => b["headers"]!["idempotencyKey"]!.GetValue<string>()).ToList();
        Assert.Equal(5, keys.Count(k => k == keys[0]));
    }

    [Fact]
    public async Task Send_BrevoRejectsOneBatch_ThatBatchFailsWithBrevosMessageAndTheRestGoesOn()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        await using var brevo = await FakeBrevo.StartAsync();
        await using var services = await EmailTestSupport.StartAsync(db, brevo, new() { ["Email:BatchSize"] = "50" });
        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Rejected", Holdout: 0, Seed: 1), "test");
        await campaigns.ApproveAsync(created.CampaignId, "test");
        brevo.Then(FakeFault.Ok, FakeFault.BadRequest);

        var result = await services.GetRequiredService<CampaignSender>().SendAsync(created.CampaignId);

        var detail = (await services.GetRequiredService<CampaignStore>().GetAsync(created.CampaignId))!;
        var failed = detail.Recipients.Where(r => r.Status == RecipientStatuses.Failed).ToList();
        Assert.Equal(50, failed.Count);
        Assert.All(failed, r => Assert.Equal(2, r.Batch));
        Assert.All(failed, r => Assert.Contains("email is not valid in to", r.Reason, StringComparison.Ordinal));
        Assert.Single(result.Errors);
        Assert.Equal(detail.Campaign.Counts.Treatment - 50, result.Sent);
        Assert.Equal(CampaignStates.Sent, detail.Campaign.State);
        Assert.Equal(result.Sent, brevo.DeliveriesPerAddress().Count);
    }

    [Fact]
    public async Task Create_AfterACampaignWasSent_ThePressureWindowExcludesItsRecipients()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        await using var services = await EmailTestSupport.StartAsync(db);
        var campaigns = services.GetRequiredService<CampaignService>();
        var first = await campaigns.CreateAsync(new CreateCampaignRequest("First", Holdout: 0.1, Seed: 5), "test");
        await campaigns.ApproveAsync(first.CampaignId, "test");
        await services.GetRequiredService<CampaignSender>().SendAsync(first.CampaignId);

        var second = await campaigns.CreateAsync(new CreateCampaignRequest("Second", Holdout: 0.1, Seed: 6), "test");

        var store = services.GetRequiredService<CampaignStore>();
        var mailed = (await store.GetAsync(first.CampaignId))!.Recipients.Where(r => r.Status == RecipientStatuses.Sent).Select(r => r.CustomerCode).ToHashSet(StringComparer.Ordinal);
        var secondDetail = (await store.GetAsync(second.CampaignId))!;
        Assert.NotEmpty(mailed);
        Assert.All(secondDetail.Recipients.Where(r => mailed.Contains(r.CustomerCode)), r => Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.ContactPressure), (r.Status, r.Reason)));
        Assert.Equal(mailed.Count, second.Counts.ExclusionsByReason[ExclusionReasons.ContactPressure]);
        // The control group of the first campaign was not mailed: it stays eligible.
        Assert.Contains(secondDetail.Recipients, r => !mailed.Contains(r.CustomerCode) && r.Group is not null);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SendProcess_KilledDuringABatchAndResumed_EachTreatmentCustomerOnce(string provider)
    {
        var (db, brevo, id) = await KillDuringSecondBatchAsync(provider);
        await using (brevo)
        {
            var store = TestServices.Get<CampaignStore>(db);
            var interrupted = (await store.GetAsync(id))!;
            Assert.Equal(CampaignStates.Sending, interrupted.Campaign.State);
            var inFlight = interrupted.Recipients.Where(r => r.Status == RecipientStatuses.Sending).ToList();
            Assert.Equal(20, inFlight.Count);
            Assert.All(inFlight, r => Assert.Equal(2, r.Batch));

            // A 30 s timeout, not the tests' 2 s: under a loaded CI a slow answer was retried (same idempotency key, one
            // delivery) and counted as a second request; this test is about the resume, timeouts are tested above.
            await using var services = await EmailTestSupport.StartAsync(db, brevo, new() { ["Email:BatchSize"] = "20", ["Brevo:TimeoutSeconds"] = "30" });
            var result = await services.GetRequiredService<CampaignSender>().SendAsync(id);

            Assert.Equal(1, result.ResentBatches);
            Assert.Empty(result.Errors);
            var detail = (await store.GetAsync(id))!;
            Assert.Equal(CampaignStates.Sent, detail.Campaign.State);
            var treatment = detail.Recipients.Where(r => r.Group == CampaignGroups.Treatment).ToList();
            Assert.All(treatment, r => Assert.Equal(RecipientStatuses.Sent, r.Status));
            var delivered = brevo.DeliveriesPerAddress();
            Assert.Equal(treatment.Select(r => r.Email!).Order(StringComparer.OrdinalIgnoreCase), delivered.Keys.Order(StringComparer.OrdinalIgnoreCase));
            Assert.All(delivered.Values, count => Assert.Equal(1, count));
            // The batch in flight was asked for again with its own key (Brevo deduplicates it), no other batch was.
            var requests = brevo.RequestsPerAddress();
            Assert.All(inFlight, r => Assert.Equal(2, requests[r.Email!]));
            Assert.Equal(treatment.Count - inFlight.Count, requests.Count(r => r.Value == 1));
            Assert.Empty(brevo.Violations);
        }
    }

    [Fact]
    public async Task SendProcess_KilledAndResumedPastTheIdempotencyWindow_TheBatchIsUncertainAndNeverResent()
    {
        var (db, brevo, id) = await KillDuringSecondBatchAsync("sqlite");
        await using (brevo)
        {
            // 30 s as above: a retried slow answer would count as a second request.
            await using var services = await EmailTestSupport.StartAsync(db, brevo, new() { ["Email:BatchSize"] = "20", ["Email:IdempotencyWindowMinutes"] = "0", ["Brevo:TimeoutSeconds"] = "30" });
            var result = await services.GetRequiredService<CampaignSender>().SendAsync(id);

            Assert.Equal(20, result.Uncertain);
            var detail = (await TestServices.Get<CampaignStore>(db).GetAsync(id))!;
            var uncertain = detail.Recipients.Where(r => r.Status == RecipientStatuses.Uncertain).ToList();
            Assert.Equal(20, uncertain.Count);
            var requests = brevo.RequestsPerAddress();
            Assert.All(uncertain, r => Assert.Equal(1, requests[r.Email!])); // only the call that was in flight
            Assert.All(requests.Values, count => Assert.Equal(1, count));
            Assert.All(brevo.DeliveriesPerAddress().Values, count => Assert.Equal(1, count));
            Assert.Equal(CampaignStates.Sent, detail.Campaign.State);
        }
    }

    /// <summary>Runs the real `crmreco campaign send` against the fake, which answers the first batch and hangs on
    /// the second; kills the process with SIGKILL once the second batch is in flight.</summary>
    private static async Task<(string Db, FakeBrevo Brevo, long Campaign)> KillDuringSecondBatchAsync(string provider)
    {
        var db = await EmailTestSupport.SeededAsync(provider);
        var brevo = await FakeBrevo.StartAsync();
        long id;
        await using (var services = await EmailTestSupport.StartAsync(db))
        {
            var campaigns = services.GetRequiredService<CampaignService>();
            id = (await campaigns.CreateAsync(new CreateCampaignRequest("Killed", Holdout: 0.1, Seed: 11), "test")).CampaignId;
            await campaigns.ApproveAsync(id, "test");
        }

        brevo.Then(FakeFault.Ok, FakeFault.Hang);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "crmreco.dll"), "campaign", "send", id.ToString(CultureInfo.InvariantCulture), "--db", db })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Brevo__ApiKey"] = FakeBrevo.ApiKey;
        start.Environment["Brevo__BaseUrl"] = brevo.BaseUrl;
        start.Environment["Brevo__TimeoutSeconds"] = "300";
        start.Environment["Email__BatchSize"] = "20";
        start.Environment["Email__OutboxPath"] = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hung = await Task.WhenAny(brevo.Hanging.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(hung == brevo.Hanging.Task, "the second batch never reached the fake:\n" + string.Join('\n', output));
        using (var kill = Process.Start("kill", ["-KILL", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(137, process.ExitCode);
        Assert.Equal(1, brevo.DeliveriesPerAddress().Values.Sum() / 20); // one batch of 20 accepted before the kill
        return (db, brevo, id);
    }

    private static (string Status, string? Reason) Reason(CampaignDetail detail, string code)
    {
        var r = detail.Recipients.Single(r => r.CustomerCode == code);
        return (r.Status, r.Reason);
    }

    /// <summary>Customers of the latest run who are eligible on the untouched samples (consent, valid email).</summary>
    internal static async Task<List<string>> RunCustomersAsync(string db) =>
        await TestServices.Database(db).QueryAsync("""
            SELECT DISTINCT r.customer_code FROM recommendations r JOIN customers c ON c.code = r.customer_code
            WHERE c.email_valid = TRUE AND c.email IS NOT NULL AND (c.email_consent IS NULL OR c.email_consent = TRUE)
            ORDER BY r.customer_code
            """, r => r.Text(0), CancellationToken.None);

    internal static async Task<string?> EmailOfAsync(string db, string code) =>
        (await TestServices.Database(db).QueryAsync("SELECT email FROM customers WHERE code = @c", r => r.Str(0), CancellationToken.None, ("c", code)))[0];
}
