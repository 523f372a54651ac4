using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Reports;

namespace CrmReco.Api.DataHealth;

/// <summary>/api/data-health: the data-quality checks and the 0–100 score.</summary>
public static class DataHealthEndpoints
{
    public static IEndpointRouteBuilder MapDataHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/data-health").WithTags("Data health").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", Get);
        group.MapGet("/history", History);
        return app;
    }

    /// <summary>Each check with its count and up to <paramref name="sample"/> offending records; cached until the
    /// data change (ReportQueries' stamp) or the day does.</summary>
    public static async Task<Ok<DataHealthReport>> Get(int? sample, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.DataHealthAsync(sample ?? 50, cancellationToken));

    /// <summary>The score over time: the latest <paramref name="limit"/> snapshots (1–1000, default 90) stored by the
    /// nightly job and after each import, oldest first, with each check's count.</summary>
    public static async Task<Results<Ok<CrmReco.Contracts.DataHealthHistory>, ProblemHttpResult>> History(int? limit, DataHealthHistoryStore history, CancellationToken cancellationToken) =>
        limit is < 1 or > 1000
            ? Common.Problems.BadRequest("limit must be between 1 and 1000.")
            : TypedResults.Ok(await history.ListAsync(limit ?? 90, cancellationToken));
}
