using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Email;
using CrmReco.Core.Import;
using CrmReco.Core.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Email;

/// <summary>Recommendations are not a channel: the run keeps the wines of a customer without consent or recently
/// contacted (marked with the email rule and until when), and the campaign's audience rules exclude them, with their
/// reason, when drawn and again at send.</summary>
public sealed class CampaignAudienceTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_FromARunKeepingBlockedCustomers_ExcludesThemWithTheirReasonAndTheSendNeverMailsThem(string provider)
    {
        var db = await EmailTestSupport.SeededAsync(provider);
        var buyers = (await TestServices.Get<ICrmQueries>(db).LoadTransactionsAsync()).Select(t => t.CustomerId).ToHashSet(StringComparer.Ordinal);
        var eligible = (await CampaignSendTests.RunCustomersAsync(db)).Where(buyers.Contains).ToList();
        var asOf = (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).LastSaleDate!.Value;
        var contacts = (await TestServices.Get<ICrmQueries>(db).LoadLastContactsAsync()).Where(c => eligible.Contains(c.CustomerCode)).ToList();
        var recent = contacts.Where(c => asOf.DayNumber - c.Date.DayNumber is >= 0 and < 14).GroupBy(c => c.CustomerCode).ToList();
        var emailed = recent.First(g => g.Any(c => c.Channel == ContactChannels.Email));
        var texted = recent.First(g => g.All(c => c.Channel == ContactChannels.Sms));
        var optedOut = eligible.First(c => contacts.All(x => x.CustomerCode != c));
        var now = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero); // the run's day, in the morning
        await using var services = await EmailTestSupport.StartAsync(db, time: new FakeTimeProvider(now));
        Assert.True(await services.GetRequiredService<PrivacyService>().SetConsentAsync(optedOut, false, "phone", "test"));
        Assert.Equal(0, (await CliRunner.RunAsync("recommend", "--db", db)).ExitCode); // a run after the opt-out

        // The run keeps their wines and says why an email cannot carry them, and until when.
        var queries = services.GetRequiredService<DashboardQueries>();
        var optedOutPage = (await queries.GetCustomerAsync(optedOut))!;
        Assert.NotEmpty(optedOutPage.Recommendations);
        Assert.Equal(new EmailBlocked("not_emailable", null), optedOutPage.EmailBlocked);
        Assert.All(optedOutPage.Recommendations, r => Assert.Equal(optedOutPage.EmailBlocked, r.EmailBlocked));
        foreach (var silenced in new[] { emailed, texted })
        {
            var page = (await queries.GetCustomerAsync(silenced.Key))!;
            Assert.NotEmpty(page.Recommendations);
            Assert.Equal(new EmailBlocked("silence_window", silenced.Max(c => c.Date).AddDays(14)), page.EmailBlocked);
        }

        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Après la lettre", Holdout: 0, Seed: 4), "test");

        var store = services.GetRequiredService<CampaignStore>();
        var detail = (await store.GetAsync(created.CampaignId))!;
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.OptedOut), Reason(detail, optedOut));
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.ContactPressure), Reason(detail, emailed.Key));
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.ContactPressure), Reason(detail, texted.Key)); // any channel, as the run's window
        Assert.All(recent, g => Assert.Equal(ExclusionReasons.ContactPressure, Reason(detail, g.Key).Reason));
        Assert.Equal(recent.Count, created.Counts.ExclusionsByReason[ExclusionReasons.ContactPressure]);
        Assert.True(created.Counts.Treatment > 0);

        await campaigns.ApproveAsync(created.CampaignId, "test");
        var result = await services.GetRequiredService<CampaignSender>().SendAsync(created.CampaignId);

        detail = (await store.GetAsync(created.CampaignId))!;
        Assert.Equal(created.Counts.Treatment, result.Sent);
        var sent = detail.Recipients.Where(r => r.Status == RecipientStatuses.Sent).Select(r => r.CustomerCode).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(optedOut, sent);
        Assert.DoesNotContain(sent, recent.Select(g => g.Key).Contains);
    }

    [Fact]
    public async Task Send_AfterAnotherCampaignReachedARecipient_ThePressureWindowExcludesItAtSend()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        await using var services = await EmailTestSupport.StartAsync(db);
        var campaigns = services.GetRequiredService<CampaignService>();
        var broad = await campaigns.CreateAsync(new CreateCampaignRequest("Large", Holdout: 0, Seed: 2), "test");
        var store = services.GetRequiredService<CampaignStore>();
        var first = (await store.GetAsync(broad.CampaignId))!.Recipients.First(r => r.Status == RecipientStatuses.Pending).CustomerCode;
        var narrow = await campaigns.CreateAsync(new CreateCampaignRequest("Un seul", Customers: [first], Holdout: 0, Seed: 3), "test");
        await campaigns.ApproveAsync(broad.CampaignId, "test");
        await campaigns.ApproveAsync(narrow.CampaignId, "test");
        var sender = services.GetRequiredService<CampaignSender>();

        Assert.Equal(1, (await sender.SendAsync(narrow.CampaignId)).Sent);
        var result = await sender.SendAsync(broad.CampaignId);

        Assert.Equal(1, result.ExcludedAtSend);
        Assert.Equal((RecipientStatuses.Excluded, ExclusionReasons.ContactPressure), Reason((await store.GetAsync(broad.CampaignId))!, first));
        Assert.Equal(broad.Counts.Treatment - 1, result.Sent);
    }

    [Fact]
    public async Task Create_PressureOnEmailsOnly_LetsACustomerOnlyTextedThrough()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        var buyers = (await TestServices.Get<ICrmQueries>(db).LoadTransactionsAsync()).Select(t => t.CustomerId).ToHashSet(StringComparer.Ordinal);
        var eligible = (await CampaignSendTests.RunCustomersAsync(db)).Where(buyers.Contains).ToHashSet(StringComparer.Ordinal);
        var asOf = (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).LastSaleDate!.Value;
        var texted = (await TestServices.Get<ICrmQueries>(db).LoadLastContactsAsync())
            .Where(c => eligible.Contains(c.CustomerCode)).GroupBy(c => c.CustomerCode)
            .First(g => g.All(c => c.Channel == ContactChannels.Sms && asOf.DayNumber - c.Date.DayNumber is >= 0 and < 14)).Key;
        var now = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero); // the run's day, in the morning
        await using var services = await EmailTestSupport.StartAsync(db, settings: new() { ["Email:PressureChannels"] = "Email" }, time: new FakeTimeProvider(now));

        var created = await services.GetRequiredService<CampaignService>().CreateAsync(new CreateCampaignRequest("SMS", Customers: [texted], Holdout: 0, Seed: 1), "test");

        var recipient = Assert.Single((await services.GetRequiredService<CampaignStore>().GetAsync(created.CampaignId))!.Recipients);
        Assert.Equal((CampaignGroups.Treatment, RecipientStatuses.Pending), (recipient.Group, recipient.Status));
    }

    private static (string Status, string? Reason) Reason(CampaignDetail detail, string code)
    {
        var r = detail.Recipients.Single(r => r.CustomerCode == code);
        return (r.Status, r.Reason);
    }
}
