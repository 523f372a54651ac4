using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Core.Privacy;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Email;

/// <summary>An erasure reaches the copies of the address the campaigns kept: the recipients of a campaign drawn
/// before it, and Brevo's events about the customer, before and after it.</summary>
public sealed class ErasedRecipientTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Erase_AfterACampaignAndItsEvents_LeavesNoAddressOfTheCustomer(string provider)
    {
        var db = await EmailTestSupport.SeededAsync(provider);
        await using var brevo = await FakeBrevo.StartAsync();
        await using var services = await EmailTestSupport.StartAsync(db, brevo);
        var created = await services.GetRequiredService<CampaignService>().CreateAsync(new CreateCampaignRequest("Avant l'effacement", Holdout: 0, Seed: 5), "test");
        var store = services.GetRequiredService<CampaignStore>();
        var withAddress = (await store.GetAsync(created.CampaignId))!.Recipients.Where(r => r.Email is not null).Take(2).ToList();
        var (erased, kept) = (withAddress[0], withAddress[1]);
        var events = services.GetRequiredService<EmailEventStore>();
        await events.StoreAsync(
            [
                new EmailEvent("<a@test>", "delivered", 1, erased.Email, created.CampaignId, erased.CustomerCode, null, null),
                new EmailEvent("<b@test>", "delivered", 1, kept.Email, created.CampaignId, kept.CustomerCode, null, null),
            ], "test");

        Assert.True(await services.GetRequiredService<PrivacyService>().EraseAsync(erased.CustomerCode, "test"));
        // An event about the erased customer arriving later (Brevo's webhook, the nightly pull) names the address again.
        await events.StoreAsync([new EmailEvent("<a@test>", "opened", 2, erased.Email, created.CampaignId, erased.CustomerCode, null, null)], "test");

        var recipients = (await store.GetAsync(created.CampaignId))!.Recipients.ToDictionary(r => r.CustomerCode);
        Assert.Null(recipients[erased.CustomerCode].Email);
        Assert.Equal(kept.Email, recipients[kept.CustomerCode].Email);
        var stored = await TestServices.Database(db).QueryAsync("SELECT customer_code, email FROM email_events ORDER BY customer_code, ts_event", r => (r.Text(0), r.Str(1)), CancellationToken.None);
        Assert.Equal([(erased.CustomerCode, null), (erased.CustomerCode, null), (kept.CustomerCode, kept.Email)], stored);
    }
}
