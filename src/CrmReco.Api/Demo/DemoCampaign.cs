using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;

namespace CrmReco.Api.Demo;

/// <summary>The demo's campaign: one draft from the latest recommendation run, created once (a campaign of that
/// name already there, whatever its state, is kept), so a newcomer can review, approve and "send" it to the outbox.</summary>
public static class DemoCampaign
{
    public const string Name = "Démo — nos vins pour vous";

    public static async Task<long?> EnsureAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.GetRequiredService<CampaignStore>();
        if ((await store.ListAsync(cancellationToken)).FirstOrDefault(c => c.Name == Name) is { } existing)
        {
            return existing.Id;
        }

        try
        {
            var created = await services.GetRequiredService<CampaignService>().CreateAsync(new CreateCampaignRequest(Name, Seed: 2026), "demo", cancellationToken);
            logger.LogInformation("Demo campaign {Id}: {Treatment} to send, {Control} in the control group (draft).", created.CampaignId, created.Counts.Treatment, created.Counts.Control);
            return created.CampaignId;
        }
        catch (CampaignStateException ex)
        {
            logger.LogWarning("No demo campaign: {Reason}", ex.Message);
            return null;
        }
    }
}
