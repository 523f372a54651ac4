using System.Globalization;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

/// <summary>Filters of the customer list: free text on name, email, code and city; segment and scenario codes;
/// the recency and frequency scores (1–5) of the latest run (a cell of the R×F grid); whether the customer may be
/// emailed (<see cref="CustomerRow.Emailable"/>); P(alive) and 12-month CLV ranges (bounds included; a customer
/// without scores matches no range).</summary>
public sealed record CustomerFilter(string? Search = null, string? Segment = null, string? Scenario = null, int? R = null, int? F = null)
{
    public bool? Emailable { get; init; }

    public double? PAliveMin { get; init; }

    public double? PAliveMax { get; init; }

    public double? ClvMin { get; init; }

    public double? ClvMax { get; init; }
}

/// <summary>One line of the customer list export: identity, consent and the latest scores.</summary>
public sealed record CustomerExportRow(
    string Code, string? LastName, string? FirstName, string? Email, bool Emailable, string? PostalCode, string? City, string? Segment, string? SegmentFr,
    string? Scenario, double? Clv12Months, double? ProbabilityAlive, double? Monetary, int? Orders);

public sealed partial class DashboardQueries
{
    private const string CustomerListFrom = $"""
        customers c
        LEFT JOIN customer_scores s ON s.customer_code = c.code AND s.run_id = {LatestAnalyticsRun}
        LEFT JOIN (SELECT DISTINCT customer_code, scenario FROM recommendations WHERE run_id = {LatestRecommendationRun}) r ON r.customer_code = c.code
        """;

    private static readonly Dictionary<string, string> CustomerSorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = "c.code",
        ["name"] = "c.last_name",
        ["city"] = "c.city",
        ["segment"] = "s.segment",
        ["clv"] = "s.clv_12m",
        ["pAlive"] = "s.p_alive",
        ["monetary"] = "s.monetary",
        ["orders"] = "s.orders",
    };

    /// <summary>The longest text the pages show of a stored value: above every import cap (Columns.MaxLength), so only
    /// a value stored before the caps is cut, and a huge one can no longer break the page or its JSON.</summary>
    internal const int DisplayMaxLength = 1000;

    private static string Cut(string column) => StoredText.Cut(column, DisplayMaxLength);

    /// <summary>Customers matching the filter, one page.</summary>
    public Task<Page<CustomerListItem>> ListCustomersAsync(CustomerFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var filters = CustomerFilters(filter);
        return PageAsync(
            $"c.code, {Cut("c.last_name")}, {Cut("c.first_name")}, {Cut("c.email")}, c.email_valid, {Cut("c.postal_code")}, {Cut("c.city")}, c.is_stub, c.erased_at, s.segment, r.scenario, s.clv_12m, s.p_alive, s.monetary, s.orders",
            CustomerListFrom, filters, page.OrderBy(CustomerSorts, "c.code"), page, r =>
            {
                var segment = r.Str(9);
                var (fr, en) = SegmentNames(segment);
                return new CustomerListItem(r.Text(0), r.Str(1), r.Str(2), r.Str(3), r.Bool(4), r.Str(5), r.Str(6), r.Bool(7), !r.IsDBNull(8),
                    segment, segment is null ? null : fr, segment is null ? null : en, r.Str(10), r.NullableDbl(11), r.NullableDbl(12), r.NullableDbl(13), r.NullableInt(14));
            }, cancellationToken);
    }

    /// <summary>Every customer matching the filter (no paging; at most <paramref name="limit"/>), in the list's
    /// sort order, for the CSV/XLSX export.</summary>
    public async Task<IReadOnlyList<CustomerExportRow>> ExportCustomersAsync(CustomerFilter filter, string? sort = null, int limit = 200_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var filters = CustomerFilters(filter);
        var orderBy = new PageRequest(Sort: sort).OrderBy(CustomerSorts, "c.code");
        return await _database.QueryAsync($"""
            SELECT c.code, {Cut("c.last_name")}, {Cut("c.first_name")}, {Cut("c.email")}, c.email_valid, c.is_stub, c.email_consent, c.erased_at, {Cut("c.postal_code")}, {Cut("c.city")},
                   s.segment, r.scenario, s.clv_12m, s.p_alive, s.monetary, s.orders
            FROM {CustomerListFrom}{filters} ORDER BY {orderBy} LIMIT @limit
            """, r => new CustomerExportRow(r.Text(0), r.Str(1), r.Str(2), r.Str(3), CustomerRow.Emailable(r.Bool(4), r.Bool(5), r.NullableBool(6), !r.IsDBNull(7)),
                r.Str(8), r.Str(9), r.Str(10), r.Str(10) is { } code ? SegmentNames(code).French : null, r.Str(11), r.NullableDbl(12), r.NullableDbl(13), r.NullableDbl(14), r.NullableInt(15)),
            cancellationToken, filters.With(("limit", Math.Max(1, limit))));
    }

    /// <summary>The WHERE clause of the list and of its export: only the filters given.</summary>
    private static Filters CustomerFilters(CustomerFilter filter)
    {
        var filters = new Filters();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            filters.Add($"({Like("c.code")} OR {Like("c.last_name")} OR {Like("c.first_name")} OR {Like("c.email")} OR {Like("c.city")} OR {Like("c.postal_code")})",
                ("q", SqlReading.ContainsPattern(filter.Search)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            filters.Add("s.segment = @segment", ("segment", filter.Segment.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Scenario))
        {
            filters.Add("r.scenario = @scenario", ("scenario", filter.Scenario.Trim()));
        }

        if (filter.R is { } recency)
        {
            filters.Add("s.r_score = @rScore", ("rScore", recency));
        }

        if (filter.F is { } frequency)
        {
            filters.Add("s.f_score = @fScore", ("fScore", frequency));
        }

        // The rule of CustomerRow.Emailable, in SQL.
        const string emailable = "(c.email_valid = TRUE AND c.is_stub = FALSE AND (c.email_consent IS NULL OR c.email_consent = TRUE) AND c.erased_at IS NULL)";
        if (filter.Emailable is { } wanted)
        {
            filters.Add(wanted ? emailable : "NOT " + emailable);
        }

        if (filter.PAliveMin is { } pMin)
        {
            filters.Add("s.p_alive >= @pAliveMin", ("pAliveMin", pMin));
        }

        if (filter.PAliveMax is { } pMax)
        {
            filters.Add("s.p_alive <= @pAliveMax", ("pAliveMax", pMax));
        }

        if (filter.ClvMin is { } clvMin)
        {
            filters.Add("s.clv_12m >= @clvMin", ("clvMin", clvMin));
        }

        if (filter.ClvMax is { } clvMax)
        {
            filters.Add("s.clv_12m <= @clvMax", ("clvMax", clvMax));
        }

        return filters;
    }

    /// <summary>The customer page, or null when no customer has that code.</summary>
    public async Task<CustomerDetail?> GetCustomerAsync(string code, int purchases = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var c = await SqlReading.QueryAsync(connection, null, $"""
            SELECT code, {Cut("last_name")}, {Cut("first_name")}, {Cut("email")}, email_valid, {Cut("phone")}, {Cut("address")}, {Cut("postal_code")}, {Cut("city")},
                   {Cut("country")}, is_stub, erased_at, email_consent, {Cut("consent_source")}, consent_at
            FROM customers WHERE code = @code
            """, r => (Code: r.Text(0), Last: r.Str(1), First: r.Str(2), Email: r.Str(3), Valid: r.Bool(4), Phone: r.Str(5), Address: r.Str(6), Postal: r.Str(7),
                City: r.Str(8), Country: r.Str(9), Stub: r.Bool(10), Erased: r.Time(11), Consent: r.NullableBool(12), Source: r.Str(13), ConsentAt: r.Time(14)),
            cancellationToken, ("code", code));
        if (c.Count == 0)
        {
            return null;
        }

        var row = c[0];
        var scores = await SqlReading.QueryAsync(connection, null, $"""
            SELECT s.run_id, a.as_of, s.recency_days, s.orders, s.monetary, s.r_score, s.f_score, s.m_score, s.segment, s.p_alive, s.expected_90, s.expected_365,
                   s.expected_value, s.clv_12m, s.typical_gap_days, s.next_order_date, s.is_due, s.diversity_entropy, s.variety_count, s.taste_kind, s.favourite_variety, s.propensity_90
            FROM customer_scores s JOIN analytics_runs a ON a.id = s.run_id
            WHERE s.customer_code = @code AND s.run_id = {LatestAnalyticsRun}
            """, r =>
            {
                var (fr, en) = SegmentNames(r.Text(8));
                return new CustomerScores(r.Long(0), r.Date(1)!.Value, r.Int(2), r.Int(3), r.Dbl(4), r.Int(5), r.Int(6), r.Int(7), r.Text(8), fr, en, r.Dbl(9), r.Dbl(10),
                    r.Dbl(11), r.Dbl(12), r.Dbl(13), r.Dbl(14), r.Date(15)!.Value, r.Bool(16), r.Dbl(17), r.Int(18), r.Text(19), r.Str(20), r.NullableDbl(21));
            }, cancellationToken, ("code", code));
        var history = await SqlReading.QueryAsync(connection, null, """
            SELECT sale_date, document_no, document_type, s.article, COALESCE(p.label, s.label), quantity, bottles, amount_ttc
            FROM sales_lines s LEFT JOIN products p ON p.article = s.article
            WHERE customer_code = @code ORDER BY sale_date DESC, s.id DESC LIMIT @limit
            """, r => new Purchase(r.Date(0)!.Value, r.Text(1), r.Text(2), r.Str(3), r.Str(4), r.NullableDecimal(5) ?? 0, r.NullableDecimal(6) ?? 0, r.NullableDecimal(7)),
            cancellationToken, ("code", code), ("limit", Math.Clamp(purchases, 1, 10_000)));
        var purchaseCount = await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM sales_lines WHERE customer_code = @code", cancellationToken, ("code", code));
        var recommendations = await RecommendationsOfAsync(connection, code, cancellationToken);
        var removed = await SqlReading.QueryAsync(connection, null, $"""
            SELECT g.article, p.label, g.rule FROM guardrail_removals g LEFT JOIN products p ON p.article = g.article
            WHERE g.run_id = {LatestRecommendationRun} AND g.customer_code = @code ORDER BY g.rule, g.article
            """, r => new RemovedCandidate(r.Text(0), r.Str(1), r.Text(2)), cancellationToken, ("code", code));
        var blocked = await SqlReading.QueryAsync(connection, null, $"""
            SELECT rule, until_date FROM recommendation_email_blocks WHERE run_id = {LatestRecommendationRun} AND customer_code = @code
            """, r => ReadEmailBlocked(r, 0), cancellationToken, ("code", code));
        var consent = await SqlReading.QueryAsync(connection, null, "SELECT at, consent, source, actor FROM consent_events WHERE customer_code = @code ORDER BY id",
            r => new ConsentEvent(r.Time(0)!.Value, r.Bool(1), r.Text(2), r.Text(3)), cancellationToken, ("code", code));
        var segments = await SqlReading.QueryAsync(connection, null, """
            SELECT s.run_id, a.as_of, s.segment FROM customer_scores s JOIN analytics_runs a ON a.id = s.run_id WHERE s.customer_code = @code ORDER BY s.run_id
            """, r =>
            {
                var (fr, en) = SegmentNames(r.Text(2));
                return new SegmentHistoryItem(r.Long(0), r.Date(1)!.Value, r.Text(2), fr, en);
            }, cancellationToken, ("code", code));
        var taste = await TasteAsync(connection, code, cancellationToken);
        var emailable = CustomerRow.Emailable(row.Valid, row.Stub, row.Consent, row.Erased is not null);
        return new CustomerDetail(row.Code, row.Last, row.First, row.Email, row.Valid, row.Phone, row.Address, row.Postal, row.City, row.Country, row.Stub, row.Erased,
            row.Consent, row.Source, row.ConsentAt, emailable, scores.FirstOrDefault(), taste, history, (int)purchaseCount, recommendations, removed, consent, segments,
            blocked.FirstOrDefault());
    }

    private static async Task<IReadOnlyList<RecommendedItem>> RecommendationsOfAsync(System.Data.Common.DbConnection connection, string code, CancellationToken cancellationToken) =>
        await SqlReading.QueryAsync(connection, null, $"""
            SELECT r.run_id, r.customer_code, r.scenario, r.rank, r.article, p.label, r.score, r.source, r.reason_code, r.reason_json, r.text_fr, r.text_en, b.rule, b.until_date
            FROM recommendations r LEFT JOIN products p ON p.article = r.article
            LEFT JOIN recommendation_email_blocks b ON b.run_id = r.run_id AND b.customer_code = r.customer_code
            WHERE r.run_id = {LatestRecommendationRun} AND r.customer_code = @code ORDER BY r.rank
            """, ReadRecommendation, cancellationToken, ("code", code));

    private static RecommendedItem ReadRecommendation(System.Data.Common.DbDataReader r) =>
        new(r.Long(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Str(5), r.Dbl(6), r.Text(7), r.Text(8), r.Text(9), r.Text(10), r.Text(11), ReadEmailBlocked(r, 12));

    /// <summary>The email block at columns <paramref name="rule"/> (rule) and the next one (until), null when none.</summary>
    private static EmailBlocked? ReadEmailBlocked(System.Data.Common.DbDataReader r, int rule) => r.Str(rule) is { } name ? new EmailBlocked(name, r.Date(rule + 1)) : null;

    private static async Task<TasteProfile> TasteAsync(System.Data.Common.DbConnection connection, string code, CancellationToken cancellationToken)
    {
        var lines = await SqlReading.QueryAsync(connection, null, """
            SELECT p.variety, p.colour, p.is_sparkling, p.is_late_harvest, p.is_grand_cru, p.price_band, s.bottles, COALESCE(s.amount_ttc, s.amount_ht * 1.2, 0)
            FROM sales_lines s LEFT JOIN products p ON p.article = s.article WHERE s.customer_code = @code
            """, r => (Variety: r.Str(0) ?? "?", Colour: r.Str(1) ?? "?", Style: r.Bool(2) ? "sparkling" : r.Bool(3) ? "late_harvest" : r.Bool(4) ? "grand_cru" : "still",
                Band: r.Str(5) ?? "?", Bottles: r.Dbl(6), Spend: r.Dbl(7)), cancellationToken, ("code", code));
        var totalBottles = Math.Max(1e-9, lines.Sum(l => l.Bottles));
        var totalSpend = Math.Max(1e-9, lines.Sum(l => l.Spend));
        IReadOnlyList<TasteShare> Shares(Func<(string Variety, string Colour, string Style, string Band, double Bottles, double Spend), string> key) => lines
            .GroupBy(key, StringComparer.Ordinal)
            .Select(g => new TasteShare(g.Key, g.Sum(l => l.Bottles), g.Sum(l => l.Spend), g.Sum(l => l.Bottles) / totalBottles, g.Sum(l => l.Spend) / totalSpend))
            .Where(s => s.Bottles > 0 || s.Spend > 0)
            .OrderByDescending(s => s.Bottles)
            .ToList();
        return new TasteProfile(Shares(l => l.Variety), Shares(l => l.Colour), Shares(l => l.Style), Shares(l => l.Band));
    }
}
