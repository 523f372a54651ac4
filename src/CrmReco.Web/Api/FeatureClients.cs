using System.Globalization;
using System.Text;

namespace CrmReco.Web.Api;

/// <summary>Query strings with invariant formatting and escaped values; null or empty values are left out.</summary>
public static class Query
{
    public static string Build(string path, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder(path);
        var first = !path.Contains('?', StringComparison.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var text = value switch
            {
                null => null,
                string s => s,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            builder.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(text));
            first = false;
        }

        return builder.ToString();
    }
}

/// <summary>The customer list's query: page, sort and filters.</summary>
/// <remarks><see cref="R"/> and <see cref="F"/>: a cell of the R×F grid (scores 1–5 of the latest run). PAliveMin/PAliveMax are
/// probabilities (0 to 1); ClvMin/ClvMax euros; Emailable null: everyone.</remarks>
public sealed record CustomerQuery(int Offset = 0, int Limit = 25, string? Sort = null, string? Search = null, string? Segment = null, string? Scenario = null, int? R = null, int? F = null,
    bool? Emailable = null, double? PAliveMin = null, double? PAliveMax = null, double? ClvMin = null, double? ClvMax = null);

/// <summary>/api/customers.</summary>
public sealed class CustomersClient(ApiHttp api)
{
    public Task<Page<CustomerListItem>> ListAsync(CustomerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return api.GetAsync<Page<CustomerListItem>>(ListUrl(query), cancellationToken);
    }

    public static string ListUrl(CustomerQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Query.Build("api/customers", [("offset", query.Offset), ("limit", query.Limit), ("sort", query.Sort), .. Filters(query)]);
    }

    /// <summary>The download of the filtered list (CSV or XLSX; the browser opens it with the session cookie).</summary>
    public static string ListExportUrl(string format, CustomerQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Query.Build("api/customers/export", [("format", format), ("sort", query.Sort), .. Filters(query)]);
    }

    private static (string Name, object? Value)[] Filters(CustomerQuery query) =>
    [
        ("search", query.Search), ("segment", query.Segment), ("scenario", query.Scenario), ("r", query.R), ("f", query.F), ("emailable", query.Emailable),
        ("pAliveMin", query.PAliveMin), ("pAliveMax", query.PAliveMax), ("clvMin", query.ClvMin), ("clvMax", query.ClvMax),
    ];

    public Task<CustomerDetail?> GetAsync(string code, CancellationToken cancellationToken = default) =>
        api.FindAsync<CustomerDetail>("api/customers/" + Uri.EscapeDataString(code), cancellationToken);

    public Task<CustomerDetail> SetConsentAsync(string code, bool consent, string source, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CustomerDetail>(HttpMethod.Put, "api/customers/" + Uri.EscapeDataString(code) + "/consent", new ConsentRequest(consent, source), cancellationToken);

    public Task EraseAsync(string code, CancellationToken cancellationToken = default) =>
        api.WriteAsync(HttpMethod.Delete, "api/customers/" + Uri.EscapeDataString(code), null, cancellationToken);

    /// <summary>The address of the GDPR export (a JSON download the browser opens with the session cookie).</summary>
    public static string ExportUrl(string code) => "api/customers/" + Uri.EscapeDataString(code) + "/export";
}

/// <summary>/api/segments, /api/runs, /api/recommendations.</summary>
public sealed class ScoringClient(ApiHttp api)
{
    public Task<SegmentReport> SegmentsAsync(CancellationToken cancellationToken = default) => api.GetAsync<SegmentReport>("api/segments", cancellationToken);

    /// <summary>The R×F grid of the latest run: customers and revenue per cell.</summary>
    public Task<RfmGrid> GridAsync(CancellationToken cancellationToken = default) => api.GetAsync<RfmGrid>("api/segments/grid", cancellationToken);

    /// <summary>The moves between the two latest analytics runs; null while there is only one.</summary>
    public async Task<SegmentMovement?> MovementAsync(CancellationToken cancellationToken = default) =>
        (await api.GetAsync<Page<AnalyticsRunItem>>("api/runs/analytics?limit=2", cancellationToken)).Total < 2
            ? null
            : await api.FindAsync<SegmentMovement>("api/segments/movement", cancellationToken);

    public Task<Page<RecommendationRunItem>> RecommendationRunsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<RecommendationRunItem>>("api/runs/recommendations?limit=10", cancellationToken);

    public Task<Page<RecommendedItem>> RecommendationsAsync(string? scenario, string? segment, string? customer, int offset, int limit, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<RecommendedItem>>(Query.Build("api/recommendations", ("scenario", scenario), ("segment", segment), ("customer", customer), ("offset", offset), ("limit", limit)), cancellationToken);

    public static string ExportUrl(string format, string? scenario, string? segment) =>
        Query.Build("api/recommendations/export", ("format", format), ("scenario", scenario), ("segment", segment));

    /// <summary>Why the customer got their wines in the latest run; null when the customer or the run does not exist.</summary>
    public Task<RecommendationDebug?> DebugAsync(string code, CancellationToken cancellationToken = default) =>
        api.FindAsync<RecommendationDebug>("api/recommendations/debug/" + Uri.EscapeDataString(code), cancellationToken);

    /// <summary>The review decisions on the latest run.</summary>
    public Task<List<RecommendationReview>> ReviewsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<List<RecommendationReview>>("api/recommendations/reviews", cancellationToken);

    /// <summary>Approves or rejects a wine of the latest run (a rejected wine stays out of the campaigns made from it).</summary>
    public Task<RecommendationReview> ReviewAsync(string customer, string article, string decision, string? note = null, CancellationToken cancellationToken = default) =>
        api.WriteAsync<RecommendationReview>(HttpMethod.Put, "api/recommendations/reviews/" + Uri.EscapeDataString(customer) + "/" + Uri.EscapeDataString(article),
            new RecommendationReviewRequest(decision, note), cancellationToken);
}

/// <summary>/api/data-health.</summary>
public sealed class DataHealthClient(ApiHttp api)
{
    public Task<DataHealthReport> GetAsync(int sample = 20, CancellationToken cancellationToken = default) =>
        api.GetAsync<DataHealthReport>(Query.Build("api/data-health", ("sample", sample)), cancellationToken);

    /// <summary>The score over time (snapshots stored by the nightly job and after each import), oldest first.</summary>
    public Task<DataHealthHistory> HistoryAsync(int limit = 90, CancellationToken cancellationToken = default) =>
        api.GetAsync<DataHealthHistory>(Query.Build("api/data-health/history", ("limit", limit)), cancellationToken);
}
