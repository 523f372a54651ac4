using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;

namespace CrmReco.Api.Scoring;

/// <summary>/api/segments, /api/runs (analytics and recommendation runs) and /api/recommendations.</summary>
public static class ScoringEndpoints
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        var segments = app.MapGroup("/api/segments").WithTags("Segments").RequireAuthorization(Roles.Viewer);
        segments.MapGet("/", Segments);
        segments.MapGet("/movement", Movement);
        segments.MapGet("/grid", Grid);

        var runs = app.MapGroup("/api/runs").WithTags("Scoring runs").RequireAuthorization(Roles.Viewer);
        runs.MapGet("/analytics", AnalyticsRuns);
        runs.MapGet("/recommendations", RecommendationRuns);

        var recommendations = app.MapGroup("/api/recommendations").WithTags("Recommendations").RequireAuthorization(Roles.Viewer);
        recommendations.MapGet("/", Recommendations);
        recommendations.MapGet("/export", Export).RequireAuthorization(Roles.Marketing).Audited("recommendations.export");
        recommendations.MapRecommendationReviews();
        return app;
    }

    /// <summary>Customers, revenue and value per RFM segment of a run (the latest by default).</summary>
    public static async Task<Ok<SegmentReport>> Segments(long? runId, DashboardQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.SegmentsAsync(runId, cancellationToken));

    /// <summary>The recency × frequency grid of a run (the latest by default): customers and revenue per cell.</summary>
    public static async Task<Ok<RfmGrid>> Grid(long? runId, DashboardQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.RfmGridAsync(runId, cancellationToken));

    /// <summary>Who moved from which segment to which between two runs (the two latest by default).</summary>
    public static async Task<Results<Ok<SegmentMovement>, ProblemHttpResult>> Movement(long? from, long? to, DashboardQueries queries, CancellationToken cancellationToken) =>
        await queries.SegmentMovementAsync(from, to, cancellationToken) is { } movement
            ? TypedResults.Ok(movement)
            : Problems.NotFound("Two analytics runs are needed (run `crmreco analyze` twice, or pass existing run ids).");

    public static async Task<Results<Ok<Page<AnalyticsRunItem>>, ProblemHttpResult>> AnalyticsRuns([AsParameters] Paging paging, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        return TypedResults.Ok(await queries.ListAnalyticsRunsAsync(page, cancellationToken));
    }

    public static async Task<Results<Ok<Page<RecommendationRunItem>>, ProblemHttpResult>> RecommendationRuns([AsParameters] Paging paging, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        return TypedResults.Ok(await queries.ListRecommendationRunsAsync(page, cancellationToken));
    }

    /// <summary>Recommended wines of a run (the latest by default), with their reasons in French and English.</summary>
    public static async Task<Results<Ok<Page<RecommendedItem>>, ProblemHttpResult>> Recommendations(
        [AsParameters] Paging paging, long? runId, string? scenario, string? customer, string? segment, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        return TypedResults.Ok(await queries.ListRecommendationsAsync(new RecommendationFilter(runId, scenario, customer, segment), page, cancellationToken));
    }

    /// <summary>The run as CSV (";" separated, UTF-8, for Excel) or XLSX; unless emailableOnly=false, only the customers an
    /// email can carry: emailable now and not blocked by the run's email rules (a silence window).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        string? format, long? runId, string? scenario, string? segment, bool? emailableOnly, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var kind = (format ?? "csv").ToLowerInvariant();
        if (kind is not ("csv" or "xlsx"))
        {
            return Problems.BadRequest("format must be csv or xlsx.");
        }

        var rows = (await queries.ExportRecommendationsAsync(new RecommendationFilter(runId, scenario, null, segment), cancellationToken))
            .Where(r => emailableOnly == false || (r.Emailable && r.EmailBlocked is null))
            .ToList();
        var name = $"recommandations-{(runId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "derniere")}";
        return kind == "csv"
            ? TypedResults.File(SpreadsheetExport.Csv(RecommendationTable.Header, rows.Select(RecommendationTable.Cells)), "text/csv; charset=utf-8", name + ".csv")
            : TypedResults.File(SpreadsheetExport.Xlsx("Recommandations", RecommendationTable.Header, rows.Select(RecommendationTable.Cells)),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }
}

/// <summary>The columns of the recommendations export.</summary>
internal static class RecommendationTable
{
    public static readonly string[] Header =
        ["code_client", "nom", "prenom", "email", "contactable", "scenario", "rang", "article", "vin", "score", "source", "raison", "reason", "email_bloque", "email_bloque_jusqu_au"];

    public static IReadOnlyList<string?> Cells(RecommendationExportRow r) =>
    [
        r.CustomerCode, r.LastName, r.FirstName, r.Email, r.Emailable ? "oui" : "non", r.Scenario, r.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
        r.Article, r.Label, r.Score.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), r.Source, r.TextFr, r.TextEn,
        r.EmailBlocked?.Rule, r.EmailBlocked?.Until?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    ];
}
