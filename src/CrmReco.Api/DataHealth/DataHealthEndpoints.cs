using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;

namespace CrmReco.Api.DataHealth;

/// <summary>/api/data-health: the data-quality checks and the 0–100 score.</summary>
public static class DataHealthEndpoints
{
    public static IEndpointRouteBuilder MapDataHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/data-health").WithTags("Data health").RequireAuthorization(Roles.Viewer).MapGet("/", Get);
        return app;
    }

    /// <summary>Each check with its count and up to <paramref name="sample"/> offending records.</summary>
    public static async Task<Ok<DataHealthReport>> Get(int? sample, DashboardQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.DataHealthAsync(sample ?? 50, cancellationToken));
}
