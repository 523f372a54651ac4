using System.Globalization;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Accounts;
using CrmReco.Core.Email;
using CrmReco.Core.Reports;

namespace CrmReco.Api.Reports;

/// <summary>/api/overview (the overview page in one call) and /api/reports/* (the reports page and scripts).
/// Dates are yyyy-MM-dd; the default as-of date is the latest sale. Definitions: docs/analytics.md, "Report figures".</summary>
public static class ReportsEndpoints
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/overview").WithTags("Reports").RequireAuthorization(Roles.Viewer).MapGet("/", Overview);

        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Roles.Viewer);
        reports.MapGet("/monthly", Monthly);
        reports.MapGet("/year-to-date", YearToDate);
        reports.MapGet("/cohorts", Cohorts);
        reports.MapGet("/sales-by", SalesBy);
        reports.MapGet("/clv-distribution", ClvDistribution);
        reports.MapGet("/top-customers", TopCustomers);
        reports.MapGet("/orders-histogram", OrdersHistogram);
        reports.MapGet("/activity", Activity);
        return app;
    }

    /// <summary>Year to date vs last year, monthly revenue over three years, active customers, repeat rate, average
    /// order, segment sizes, data-health score, last import, the next scheduled campaign and the last one sent with
    /// its result (null when there is none).</summary>
    public static async Task<Ok<Overview>> Overview(DateOnly? asOf, ReportQueries reports, OverviewCampaigns campaigns, CancellationToken cancellationToken)
    {
        var overview = await reports.OverviewAsync(asOf, cancellationToken);
        return TypedResults.Ok(overview with
        {
            NextCampaign = await campaigns.NextAsync(cancellationToken),
            LastCampaign = await campaigns.LastAsync(cancellationToken),
        });
    }

    /// <summary>Revenue, orders, buyers and bottles per month of the last <paramref name="years"/> calendar years (default 3).</summary>
    public static async Task<Ok<MonthlySeries>> Monthly(int? years, DateOnly? asOf, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.MonthlyAsync(years ?? 3, asOf, cancellationToken));

    /// <summary>1 January → as-of date against the same days of the previous year.</summary>
    public static async Task<Ok<YearToDate>> YearToDate(DateOnly? asOf, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.YearToDateAsync(asOf, cancellationToken));

    /// <summary>First-purchase cohorts (by=year|month) with their repeat within 12 months.</summary>
    public static async Task<Ok<CohortReport>> Cohorts(string? by, DateOnly? asOf, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.CohortsAsync(by ?? "year", asOf, cancellationToken));

    /// <summary>Sales by dimension=variety|colour|price-band|month between from and to (default the last 12 months),
    /// byMonth=true to split each value by month.</summary>
    public static async Task<Results<Ok<SalesByReport>, ProblemHttpResult>> SalesBy(
        string? dimension, DateOnly? from, DateOnly? to, bool? byMonth, ReportQueries reports, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(dimension)
            ? Common.Problems.BadRequest($"dimension is required: one of {string.Join(", ", ReportQueries.Dimensions)}.")
            : TypedResults.Ok(await reports.SalesByAsync(dimension, from, to, byMonth ?? false, cancellationToken));

    /// <summary>The latest run's 12-month CLV in bands; edges=0,100,500 (euros, increasing) to choose them.</summary>
    public static async Task<Results<Ok<ClvDistribution>, ProblemHttpResult>> ClvDistribution(string? edges, ReportQueries reports, CancellationToken cancellationToken)
    {
        List<double>? bounds = null;
        if (!string.IsNullOrWhiteSpace(edges))
        {
            bounds = [];
            foreach (var part in edges.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var edge))
                {
                    return Common.Problems.BadRequest($"edges: '{part}' is not a number (use a dot for decimals, commas between edges).");
                }

                bounds.Add(edge);
            }
        }

        return TypedResults.Ok(await reports.ClvDistributionAsync(bounds, cancellationToken));
    }

    /// <summary>The best customers by net revenue between from and to (default the whole history), limit 1–500 (default 20).</summary>
    public static async Task<Ok<TopCustomersReport>> TopCustomers(int? limit, DateOnly? from, DateOnly? to, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.TopCustomersAsync(limit ?? 20, from, to, cancellationToken));

    /// <summary>Customers by number of orders, the last bucket "max or more" (default 10).</summary>
    public static async Task<Ok<OrdersHistogram>> OrdersHistogram(int? max, DateOnly? asOf, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.OrdersHistogramAsync(max ?? 10, asOf, cancellationToken));

    /// <summary>Active customers, orders and average order over the 12 months up to the as-of date; average days between orders.</summary>
    public static async Task<Ok<ActivityFigures>> Activity(DateOnly? asOf, ReportQueries reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.ActivityAsync(asOf, cancellationToken));
}
