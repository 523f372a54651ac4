using CrmReco.Web.Auth;
using CrmReco.Web.Localization;

namespace CrmReco.Web.Api;

/// <summary>The dashboard's services: the session, the culture, and one typed client per API feature.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddCrmRecoWeb(this IServiceCollection services, Uri baseAddress)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new HttpClient { BaseAddress = baseAddress });
        services.AddSingleton<SessionState>();
        services.AddSingleton<CultureSelector>();
        services.AddSingleton<ApiHttp>();
        services.AddSingleton<AuthClient>();
        services.AddSingleton<OverviewClient>();
        services.AddSingleton<CustomersClient>();
        services.AddSingleton<ImportsClient>();
        services.AddSingleton<ScoringClient>();
        services.AddSingleton<DataHealthClient>();
        services.AddSingleton<AdminClient>();
        services.AddSingleton<CampaignsClient>();
        services.AddSingleton<ReportsClient>();
        return services;
    }
}
