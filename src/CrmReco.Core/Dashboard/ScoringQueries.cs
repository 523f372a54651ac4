using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

/// <summary>Filters of the recommendation list.</summary>
public sealed record RecommendationFilter(long? RunId = null, string? Scenario = null, string? Customer = null, string? Segment = null);

/// <summary>One line of the recommendations export: who, what, why; <paramref name="EmailBlocked"/> when an email
/// cannot carry it as of the run.</summary>
public sealed record RecommendationExportRow(string CustomerCode, string? LastName, string? FirstName, string? Email, bool Emailable, string Scenario, int Rank, string Article, string? Label, double Score, string Source, string TextFr, string TextEn, EmailBlocked? EmailBlocked = null);

public sealed partial class DashboardQueries
{
    private static readonly Dictionary<string, string> RecommendationSorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] = "r.customer_code",
        ["rank"] = "r.rank",
        ["score"] = "r.score",
        ["scenario"] = "r.scenario",
        ["article"] = "r.article",
    };

    /// <summary>Segments of a run (the latest when <paramref name="runId"/> is null), largest revenue first.</summary>
    public async Task<SegmentReport> SegmentsAsync(long? runId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var run = await SqlReading.QueryAsync(connection, null, "SELECT id, as_of FROM analytics_runs WHERE id = " + (runId is null ? LatestAnalyticsRun : "@run"),
            r => (Id: r.Long(0), AsOf: r.Date(1)), cancellationToken, runId is null ? [] : [("run", runId)]);
        if (run.Count == 0)
        {
            return new SegmentReport(null, null, []);
        }

        var segments = await SqlReading.QueryAsync(connection, null, """
            SELECT segment, COUNT(*), SUM(monetary), SUM(clv_12m), AVG(p_alive) FROM customer_scores WHERE run_id = @run GROUP BY segment ORDER BY SUM(monetary) DESC, segment
            """, r =>
            {
                var (fr, en) = SegmentNames(r.Text(0));
                return new SegmentSummary(r.Text(0), fr, en, r.Int(1), r.Dbl(2), r.Dbl(3), r.Dbl(4));
            }, cancellationToken, ("run", run[0].Id));
        return new SegmentReport(run[0].Id, run[0].AsOf, segments);
    }

    /// <summary>Flows between the segments of two runs (by default the two latest). Null when there are not two runs.</summary>
    public async Task<SegmentMovement?> SegmentMovementAsync(long? fromRun = null, long? toRun = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var runs = await SqlReading.QueryAsync(connection, null, "SELECT id FROM analytics_runs ORDER BY id DESC", r => r.Long(0), cancellationToken);
        var to = toRun ?? (runs.Count > 0 ? runs[0] : 0);
        var from = fromRun ?? runs.FirstOrDefault(id => id < to);
        if (!runs.Contains(to) || !runs.Contains(from) || from == to)
        {
            return null;
        }

        var flows = await SqlReading.QueryAsync(connection, null, """
            SELECT a.segment, b.segment, COUNT(*) FROM customer_scores a JOIN customer_scores b ON b.customer_code = a.customer_code AND b.run_id = @to
            WHERE a.run_id = @from GROUP BY a.segment, b.segment ORDER BY COUNT(*) DESC, a.segment, b.segment
            """, r => new SegmentFlow(r.Text(0), r.Text(1), SegmentNames(r.Text(0)).French, SegmentNames(r.Text(1)).French, r.Int(2)),
            cancellationToken, ("from", from), ("to", to));
        var moved = flows.Where(f => !string.Equals(f.From, f.To, StringComparison.Ordinal)).ToList();
        return new SegmentMovement(from, to, moved, moved.Sum(f => f.Customers), flows.Sum(f => f.Customers) - moved.Sum(f => f.Customers));
    }

    public Task<Page<AnalyticsRunItem>> ListAnalyticsRunsAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync("id, created_at, as_of, customers, bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_ll, propensity_auc, bgnbd_auc", "analytics_runs", new Filters(), "id DESC", page,
            r => new AnalyticsRunItem(r.Long(0), r.Time(1)!.Value, r.Date(2)!.Value, r.Int(3), r.Dbl(4), r.Dbl(5), r.Dbl(6), r.Dbl(7), r.Dbl(8), r.NullableDbl(9), r.NullableDbl(10)),
            cancellationToken);

    public Task<Page<RecommendationRunItem>> ListRecommendationRunsAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync("id, created_at, as_of, k, customers, items, (SELECT COUNT(*) FROM guardrail_removals g WHERE g.run_id = recommendation_runs.id)", "recommendation_runs", new Filters(), "id DESC", page,
            r => new RecommendationRunItem(r.Long(0), r.Time(1)!.Value, r.Date(2)!.Value, r.Int(3), r.Int(4), r.Int(5), r.Int(6)), cancellationToken);

    /// <summary>Recommended items of a run (the latest by default).</summary>
    public Task<Page<RecommendedItem>> ListRecommendationsAsync(RecommendationFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (filter is { Customer: { Length: > 0 } customer, Scenario: null, Segment: null } && page.Sort is null or "rank")
        {
            return OneCustomerAsync(filter.RunId, customer.Trim(), page, cancellationToken);
        }

        return RunPageAsync(RecommendationFilters(filter), page, cancellationToken);
    }

    /// <summary>A deferred join: the page's keys are sorted and cut on the narrow table alone (its primary key
    /// covers the default order), then only those rows get their wide columns and joins. Sorting every row of the
    /// run with its texts before the offset cost ≈ 100 ms a page on PostgreSQL at 20k customers.</summary>
    private async Task<Page<RecommendedItem>> RunPageAsync(Filters filters, PageRequest page, CancellationToken cancellationToken)
    {
        var orderBy = page.OrderBy(RecommendationSorts, "r.customer_code, r.rank");
        await using var connection = await _database.OpenAsync(cancellationToken);
        var total = await SqlDatabase.ScalarAsync<long>(connection, null, $"SELECT COUNT(*) FROM recommendations r{filters}", cancellationToken, [.. filters.Parameters]);
        var items = await SqlReading.QueryAsync(connection, null, $"""
            SELECT r.run_id, r.customer_code, r.scenario, r.rank, r.article, p.label, r.score, r.source, r.reason_code, r.reason_json, r.text_fr, r.text_en, b.rule, b.until_date
            FROM (SELECT r.run_id, r.customer_code, r.rank FROM recommendations r{filters} ORDER BY {orderBy} LIMIT @limit OFFSET @offset) k
            JOIN recommendations r ON r.run_id = k.run_id AND r.customer_code = k.customer_code AND r.rank = k.rank
            LEFT JOIN products p ON p.article = r.article
            LEFT JOIN recommendation_email_blocks b ON b.run_id = r.run_id AND b.customer_code = r.customer_code
            ORDER BY {orderBy}
            """, ReadRecommendation, cancellationToken, filters.With(("limit", page.Limit), ("offset", page.Offset)));
        return new Page<RecommendedItem>(items, (int)total, page.Offset, page.Limit);
    }

    private async Task<Page<RecommendedItem>> OneCustomerAsync(long? runId, string customer, PageRequest page, CancellationToken cancellationToken)
    {
        var (offset, limit) = (page.Offset, page.Limit); // in bounds: PageRequest checks them
        var items = await _recommendationCache.GetAsync(runId, customer, ReadRecommendation, cancellationToken);
        return new Page<RecommendedItem>(items.Skip(offset).Take(limit).ToList(), items.Count, offset, limit);
    }

    /// <summary>Every item of a run with the customer's contact fields, for the CSV/XLSX export.</summary>
    public async Task<IReadOnlyList<RecommendationExportRow>> ExportRecommendationsAsync(RecommendationFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var filters = RecommendationFilters(filter);
        return await _database.QueryAsync($"""
            SELECT r.customer_code, c.last_name, c.first_name, c.email, c.email_valid, c.email_consent, c.erased_at, c.is_stub, r.scenario, r.rank, r.article, p.label, r.score, r.source, r.text_fr, r.text_en,
                   b.rule, b.until_date
            FROM recommendations r LEFT JOIN products p ON p.article = r.article LEFT JOIN customers c ON c.code = r.customer_code
            LEFT JOIN recommendation_email_blocks b ON b.run_id = r.run_id AND b.customer_code = r.customer_code
            {filters} ORDER BY r.customer_code, r.rank
            """, r => new RecommendationExportRow(r.Text(0), r.Str(1), r.Str(2), r.Str(3), CustomerRow.Emailable(r.Bool(4), r.Bool(7), r.NullableBool(5), !r.IsDBNull(6)),
                r.Text(8), r.Int(9), r.Text(10), r.Str(11), r.Dbl(12), r.Text(13), r.Text(14), r.Text(15), ReadEmailBlocked(r, 16)), cancellationToken, [.. filters.Parameters]);
    }

    private static Filters RecommendationFilters(RecommendationFilter filter)
    {
        var filters = new Filters();
        if (filter.RunId is { } run)
        {
            filters.Add("r.run_id = @run", ("run", run));
        }
        else
        {
            filters.Add($"r.run_id = {LatestRecommendationRun}");
        }

        if (!string.IsNullOrWhiteSpace(filter.Scenario))
        {
            filters.Add("r.scenario = @scenario", ("scenario", filter.Scenario.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            filters.Add("r.customer_code = @customer", ("customer", filter.Customer.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            filters.Add($"r.customer_code IN (SELECT customer_code FROM customer_scores WHERE run_id = {LatestAnalyticsRun} AND segment = @segment)", ("segment", filter.Segment.Trim()));
        }

        return filters;
    }
}
