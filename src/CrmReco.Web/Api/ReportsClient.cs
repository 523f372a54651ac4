using CrmReco.Contracts.Reports;

namespace CrmReco.Web.Api;

/// <summary>/api/reports/*: the reports page's figures (computed in SQL and cached by the server).</summary>
public sealed class ReportsClient(ApiHttp api)
{
    public Task<YearToDate> YearToDateAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<YearToDate>("api/reports/year-to-date", cancellationToken);

    public Task<CohortReport> CohortsAsync(string by = "year", CancellationToken cancellationToken = default) =>
        api.GetAsync<CohortReport>(Query.Build("api/reports/cohorts", ("by", by)), cancellationToken);

    /// <summary>Sales by variety, colour, price-band or month over the 12 months up to the latest sale.</summary>
    public Task<SalesByReport> SalesByAsync(string dimension, CancellationToken cancellationToken = default) =>
        api.GetAsync<SalesByReport>(Query.Build("api/reports/sales-by", ("dimension", dimension)), cancellationToken);

    public Task<ClvDistribution> ClvDistributionAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<ClvDistribution>("api/reports/clv-distribution", cancellationToken);

    public Task<TopCustomersReport> TopCustomersAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        api.GetAsync<TopCustomersReport>(Query.Build("api/reports/top-customers", ("limit", limit)), cancellationToken);
}
