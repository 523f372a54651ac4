using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Reports;

/// <summary>
/// The report figures of the overview and the reports page (definitions: docs/analytics.md, "Report figures"),
/// aggregated in SQL shared by SQLite and PostgreSQL. A sales line counts as in <see cref="SalesLineRules"/>:
/// amount incl. VAT (excl. VAT × 1.2 when only that is known), credit notes subtract; an order is a document that
/// is not a credit note and has a line with bottles. Results are kept until the data change (a new import, sales
/// line, analytics run or erasure), so the dashboard's repeated reads cost one small query.
/// </summary>
public sealed partial class ReportQueries
{
    /// <summary>Bands of the CLV distribution, in euros, when none are given.</summary>
    public static readonly IReadOnlyList<double> DefaultClvEdges = [0, 50, 100, 200, 500, 1000, 2000, 5000];

    /// <summary>The dimensions of <see cref="SalesByAsync"/>.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["variety", "colour", "price-band", "month"];

    internal const string Amount = "COALESCE(s.amount_ttc, s.amount_ht * 1.2, 0)";
    internal const string Bought = "s.document_type <> 'credit_note' AND s.bottles > 0";
    private const int CacheCapacity = 256;

    private static readonly AsyncLocal<string?> ScopedStamp = new();

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;
    private readonly DashboardQueries _dashboard;
    private readonly ConcurrentDictionary<string, (string Stamp, object Value)> _cache = new(StringComparer.Ordinal);

    internal ReportQueries(SqlDatabase database, DashboardQueries dashboard, TimeProvider time)
    {
        _database = database;
        _time = time;
        _dashboard = dashboard;
    }

    private bool Sqlite => _database.Provider == DatabaseProvider.Sqlite;

    /// <summary>The figures' default date: the latest sale date, or the clock's date when there is no sale.</summary>
    public async Task<DateOnly> DefaultAsOfAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var latest = await SqlReading.QueryAsync(connection, null, "SELECT MAX(sale_date) FROM sales_lines", r => r.Date(0), cancellationToken);
        return latest[0] ?? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
    }

    private async Task<DateOnly?> FirstSaleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await SqlReading.QueryAsync(connection, null, "SELECT MIN(sale_date) FROM sales_lines", r => r.Date(0), cancellationToken))[0];
    }

    /// <summary>Revenue, orders, buyers and bottles per month of the <paramref name="years"/> calendar years up to
    /// <paramref name="asOf"/> (default: <see cref="DefaultAsOfAsync"/>); every month present, zero when empty.</summary>
    public async Task<MonthlySeries> MonthlyAsync(int years = 3, DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        if (years is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(years), years, "years must be between 1 and 20.");
        }

        var date = asOf ?? await DefaultAsOfAsync(cancellationToken);
        return await CachedAsync($"monthly|{years}|{date:O}", async connection =>
        {
            var from = new DateOnly(date.Year - years + 1, 1, 1);
            // The pre-aggregated series (sql 013) for the whole months, the sales lines for the month "as of" cuts.
            var rows = await MonthsAsync(connection, from, date, cancellationToken);
            var points = new List<MonthlyPoint>();
            for (var month = from; month <= date; month = month.AddMonths(1))
            {
                var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                points.Add(rows.TryGetValue(key, out var row)
                    ? new MonthlyPoint(month.Year, month.Month, row.Revenue, row.Orders, row.Buyers, row.Bottles)
                    : new MonthlyPoint(month.Year, month.Month, 0, 0, 0, 0));
            }

            return new MonthlySeries(date, Enumerable.Range(from.Year, years).ToList(), points);
        }, cancellationToken);
    }

    /// <summary>1 January → <paramref name="asOf"/> against 1 January → the same day of the previous year
    /// (28 February when <paramref name="asOf"/> is 29 February).</summary>
    public async Task<YearToDate> YearToDateAsync(DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        var date = asOf ?? await DefaultAsOfAsync(cancellationToken);
        return await CachedAsync($"ytd|{date:O}", async connection =>
        {
            var current = await PeriodAsync(connection, new DateOnly(date.Year, 1, 1), date, cancellationToken);
            var previous = await PeriodAsync(connection, new DateOnly(date.Year - 1, 1, 1), date.AddYears(-1), cancellationToken);
            return new YearToDate(date, current, previous, previous.Revenue != 0 ? (current.Revenue / previous.Revenue) - 1 : null);
        }, cancellationToken);
    }

    /// <summary>Revenue, orders and distinct buyers between two dates, both included.</summary>
    public async Task<PeriodFigures> PeriodAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        await CachedAsync($"period|{from:O}|{to:O}", connection => PeriodAsync(connection, from, to, cancellationToken), cancellationToken);

    /// <summary>Customers by the year ("year") or month ("month") of their first order, with the repeat within 12
    /// months, and the estate's repeat rate over the customers whose first order is at least 12 months old.</summary>
    public async Task<CohortReport> CohortsAsync(string by = "year", DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        var monthly = (by ?? "year").ToLowerInvariant() switch
        {
            "year" => false,
            "month" => true,
            _ => throw new ArgumentException($"Unknown cohort '{by}': use year or month.", nameof(by)),
        };
        var date = asOf ?? await DefaultAsOfAsync(cancellationToken);
        return await CachedAsync($"cohorts|{monthly}|{date:O}", async connection =>
        {
            // Purchase days per customer, ranked: the first two are all a repeat within 12 months needs.
            var cohort = monthly ? MonthOf("first_day") : YearOf("first_day");
            var rows = await SqlReading.QueryAsync(connection, null, $"""
                WITH days AS (
                    SELECT s.customer_code, s.sale_date AS d FROM sales_lines s
                    WHERE {Bought} AND s.sale_date <= @asOf GROUP BY s.customer_code, s.sale_date),
                ranked AS (
                    SELECT customer_code, d, ROW_NUMBER() OVER (PARTITION BY customer_code ORDER BY d) AS rn FROM days),
                f AS (
                    SELECT customer_code, MIN(CASE WHEN rn = 1 THEN d END) AS first_day, MIN(CASE WHEN rn = 2 THEN d END) AS second_day
                    FROM ranked WHERE rn <= 2 GROUP BY customer_code),
                flagged AS (
                    SELECT f.first_day,
                           CASE WHEN f.second_day IS NOT NULL AND f.second_day <= {PlusMonths("f.first_day", 12)} THEN 1 ELSE 0 END AS repeated,
                           CASE WHEN f.first_day <= @matured THEN 1 ELSE 0 END AS matured
                    FROM f)
                SELECT {cohort} AS cohort, COUNT(*), SUM(repeated), SUM(matured), SUM(repeated * matured)
                FROM flagged GROUP BY {cohort} ORDER BY 1
                """, r => new CohortRow(r.Text(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(3) > 0 ? (double)r.Int(4) / r.Int(3) : null), cancellationToken,
                ("asOf", _database.DateParameter(date)), ("matured", _database.DateParameter(date.AddMonths(-12))));
            int matured = rows.Sum(r => r.Matured), repeaters = rows.Sum(r => r.MaturedRepeaters);
            return new CohortReport(date, monthly ? "month" : "year", rows, new RepeatRate(matured, repeaters, matured > 0 ? (double)repeaters / matured : null));
        }, cancellationToken);
    }

    /// <summary>Revenue, bottles, orders and buyers by variety, colour, price band or month between two dates
    /// (default: the 12 months up to the latest sale; by month, the 12 calendar months, the last one up to the latest
    /// sale), optionally split by month; largest revenue first (by month: in month order).</summary>
    public async Task<SalesByReport> SalesByAsync(string dimension, DateOnly? from = null, DateOnly? to = null, bool byMonth = false, CancellationToken cancellationToken = default)
    {
        var (name, key) = (dimension ?? string.Empty).ToLowerInvariant() switch
        {
            "variety" => ("variety", "p.variety"),
            "colour" or "color" => ("colour", "p.colour"),
            "price-band" or "priceband" or "price_band" => ("price-band", "p.price_band"),
            "month" => ("month", MonthOf("s.sale_date")),
            _ => throw new ArgumentException($"Unknown dimension '{dimension}': use one of {string.Join(", ", Dimensions)}.", nameof(dimension)),
        };
        var (start, end) = await RangeAsync(from, to, cancellationToken);
        if (name == "month" && from is null)
        {
            // By month: twelve calendar months, the last up to "to" (a window starting mid-month would show its first
            // month as a few days' sales, a drop that is not one).
            start = new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
        }

        var split = byMonth && name != "month";
        return await CachedAsync($"sales-by|{name}|{split}|{start:O}|{end:O}", async connection =>
        {
            if (name == "month")
            {
                // By month alone: the pre-aggregated series (sql 013) and the sales lines of the cut months.
                var months = (await MonthsAsync(connection, start, end, cancellationToken)).Values.OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
                var sum = months.Sum(m => m.Revenue);
                return new SalesByReport(name, start, end, sum,
                    months.Select(m => new SalesByRow(m.Month, null, m.Revenue, sum != 0 ? m.Revenue / sum : 0, m.Bottles, m.Orders, m.Buyers)).ToList());
            }

            var groups = split ? $"{key}, {MonthOf("s.sale_date")}" : key;
            var rows = await SqlReading.QueryAsync(connection, null, $"""
                SELECT {key}, {(split ? MonthOf("s.sale_date") : "NULL")}, SUM({Amount}), SUM(s.bottles),
                       COUNT(DISTINCT CASE WHEN {Bought} THEN s.customer_code || '|' || s.document_no END), COUNT(DISTINCT CASE WHEN {Bought} THEN s.customer_code END)
                FROM sales_lines s LEFT JOIN products p ON p.article = s.article
                WHERE s.sale_date >= @from AND s.sale_date <= @to
                GROUP BY {groups}
                """, r => (Key: r.Str(0), Month: r.Str(1), Revenue: r.Dbl(2), Bottles: r.Dbl(3), Orders: r.Int(4), Customers: r.Int(5)), cancellationToken,
                ("from", _database.DateParameter(start)), ("to", _database.DateParameter(end)));
            var total = rows.Sum(r => r.Revenue);
            var ordered = name == "month" || split
                ? rows.OrderBy(r => r.Month ?? r.Key, StringComparer.Ordinal).ThenByDescending(r => r.Revenue).ThenBy(r => r.Key, StringComparer.Ordinal)
                : rows.OrderByDescending(r => r.Revenue).ThenBy(r => r.Key, StringComparer.Ordinal);
            return new SalesByReport(name, start, end, total,
                ordered.Select(r => new SalesByRow(r.Key, r.Month, r.Revenue, total != 0 ? r.Revenue / total : 0, r.Bottles, r.Orders, r.Customers)).ToList());
        }, cancellationToken);
    }

    /// <summary>The 12-month CLV of the latest analytics run in bands [edge_i, edge_i+1), the last open-ended;
    /// values below the first edge fall in the first band.</summary>
    public async Task<ClvDistribution> ClvDistributionAsync(IReadOnlyList<double>? edges = null, CancellationToken cancellationToken = default)
    {
        var bounds = (edges is { Count: > 0 } ? edges : DefaultClvEdges).ToList();
        if (bounds.Count > 50 || bounds.Any(e => !double.IsFinite(e)) || bounds.Zip(bounds.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException("CLV edges must be at most 50 finite, strictly increasing numbers.", nameof(edges));
        }

        return await CachedAsync("clv|" + string.Join(',', bounds.Select(b => b.ToString("R", CultureInfo.InvariantCulture))), async connection =>
        {
            var run = await SqlReading.QueryAsync(connection, null, "SELECT id, as_of FROM analytics_runs ORDER BY id DESC LIMIT 1", r => (Id: r.Long(0), AsOf: r.Date(1)), cancellationToken);
            if (run.Count == 0)
            {
                return new ClvDistribution(null, null, 0, 0, null, null, []);
            }

            // The band index in SQL: one CASE, highest edge first.
            var band = "CASE " + string.Concat(Enumerable.Range(1, bounds.Count - 1).Reverse().Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"WHEN clv_12m >= @e{i} THEN {i} "))) + "ELSE 0 END";
            var parameters = new List<(string Name, object? Value)> { ("run", run[0].Id) };
            parameters.AddRange(bounds.Select((e, i) => ("e" + i.ToString(CultureInfo.InvariantCulture), (object?)e)));
            var counts = (await SqlReading.QueryAsync(connection, null,
                $"SELECT {band} AS band, COUNT(*), SUM(clv_12m) FROM customer_scores WHERE run_id = @run GROUP BY 1",
                r => (Band: r.Int(0), Customers: r.Int(1), Total: r.Dbl(2)), cancellationToken, [.. parameters])).ToDictionary(r => r.Band);
            var customers = counts.Values.Sum(c => c.Customers);
            var total = counts.Values.Sum(c => c.Total);
            double? median = null;
            if (customers > 0)
            {
                // The lower middle value and, for an even count, the upper one: two single-row reads on the run's rows.
                var lower = await SqlReading.QueryAsync(connection, null, "SELECT clv_12m FROM customer_scores WHERE run_id = @run ORDER BY clv_12m LIMIT 2 OFFSET @o",
                    r => r.Dbl(0), cancellationToken, ("run", run[0].Id), ("o", (customers - 1) / 2));
                median = customers % 2 == 1 ? lower[0] : (lower[0] + lower[1]) / 2;
            }

            var bands = bounds.Select((edge, i) => new ClvBand(edge, i + 1 < bounds.Count ? bounds[i + 1] : null,
                counts.TryGetValue(i, out var c) ? c.Customers : 0, counts.TryGetValue(i, out var t) ? t.Total : 0)).ToList();
            return new ClvDistribution(run[0].Id, run[0].AsOf, customers, total, customers > 0 ? total / customers : null, median, bands);
        }, cancellationToken);
    }

    /// <summary>The <paramref name="limit"/> customers of highest net revenue between two dates (default: all the
    /// history), with their segment in the latest analytics run.</summary>
    public async Task<TopCustomersReport> TopCustomersAsync(int limit = 20, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be between 1 and 500.");
        }

        var end = to ?? await DefaultAsOfAsync(cancellationToken);
        var start = from ?? await FirstSaleAsync(cancellationToken) ?? end;
        if (start > end)
        {
            throw new ArgumentException("from must not be after to.", nameof(from));
        }

        return await CachedAsync($"top|{limit}|{start:O}|{end:O}", async connection =>
        {
            var rows = await SqlReading.QueryAsync(connection, null, $"""
                SELECT t.customer_code, c.last_name, c.first_name, c.city, t.revenue, t.orders, t.bottles, t.first_day, t.last_day, cs.segment
                FROM (SELECT s.customer_code, SUM({Amount}) AS revenue, COUNT(DISTINCT CASE WHEN {Bought} THEN s.document_no END) AS orders,
                             SUM(s.bottles) AS bottles, MIN(CASE WHEN {Bought} THEN s.sale_date END) AS first_day, MAX(CASE WHEN {Bought} THEN s.sale_date END) AS last_day
                      FROM sales_lines s WHERE s.sale_date >= @from AND s.sale_date <= @to
                      GROUP BY s.customer_code ORDER BY revenue DESC, s.customer_code LIMIT @limit) t
                JOIN customers c ON c.code = t.customer_code
                LEFT JOIN customer_scores cs ON cs.run_id = (SELECT MAX(id) FROM analytics_runs) AND cs.customer_code = t.customer_code
                ORDER BY t.revenue DESC, t.customer_code
                """, r => new TopCustomer(r.Text(0), r.Str(1), r.Str(2), r.Str(3), r.Dbl(4), r.Int(5), r.Dbl(6), r.Date(7), r.Date(8), r.Str(9)), cancellationToken,
                ("from", _database.DateParameter(start)), ("to", _database.DateParameter(end)), ("limit", limit));
            return new TopCustomersReport(start, end, rows);
        }, cancellationToken);
    }

    /// <summary>Customers by number of orders up to <paramref name="asOf"/>, the last bucket "<paramref name="max"/>
    /// or more"; bucket 0 holds the customers of the file without an order.</summary>
    public async Task<OrdersHistogram> OrdersHistogramAsync(int max = 10, DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        if (max is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "max must be between 1 and 100.");
        }

        var date = asOf ?? await DefaultAsOfAsync(cancellationToken);
        return await CachedAsync($"orders|{max}|{date:O}", async connection =>
        {
            var rows = await SqlReading.QueryAsync(connection, null, $"""
                SELECT n, COUNT(*), SUM(revenue) FROM (
                    SELECT s.customer_code, COUNT(DISTINCT CASE WHEN {Bought} THEN s.document_no END) AS n, SUM({Amount}) AS revenue
                    FROM sales_lines s WHERE s.sale_date <= @asOf GROUP BY s.customer_code) t
                GROUP BY n
                """, r => (Orders: r.Int(0), Customers: r.Int(1), Revenue: r.Dbl(2)), cancellationToken, ("asOf", _database.DateParameter(date)));
            var all = (int)await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM customers", cancellationToken);
            var buckets = Enumerable.Range(0, max + 1).Select(n =>
            {
                var inBucket = rows.Where(r => n == max ? r.Orders >= max : r.Orders == n).ToList();
                var customers = inBucket.Sum(r => r.Customers);
                return new OrdersBucket(n, n == max, customers, inBucket.Sum(r => r.Revenue));
            }).ToList();
            // Customers of the file with no line at all belong to bucket 0 too.
            var withLines = rows.Sum(r => r.Customers);
            buckets[0] = buckets[0] with { Customers = buckets[0].Customers + Math.Max(0, all - withLines) };
            return new OrdersHistogram(date, Math.Max(all, withLines), buckets);
        }, cancellationToken);
    }

    private async Task<PeriodFigures> PeriodAsync(DbConnection connection, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var row = await SqlReading.QueryAsync(connection, null, $"""
            SELECT SUM({Amount}), COUNT(DISTINCT CASE WHEN {Bought} THEN s.customer_code || '|' || s.document_no END), COUNT(DISTINCT CASE WHEN {Bought} THEN s.customer_code END)
            FROM sales_lines s WHERE s.sale_date >= @from AND s.sale_date <= @to
            """, r => new PeriodFigures(from, to, r.Dbl(0), r.Int(1), r.Int(2)), cancellationToken,
            ("from", _database.DateParameter(from)), ("to", _database.DateParameter(to)));
        return row[0];
    }

    /// <summary>A period defaulting to the 12 months up to the latest sale: (to − 12 months, to].</summary>
    private async Task<(DateOnly From, DateOnly To)> RangeAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var end = to ?? await DefaultAsOfAsync(cancellationToken);
        var start = from ?? end.AddMonths(-12).AddDays(1);
        return start <= end ? (start, end) : throw new ArgumentException("from must not be after to.", nameof(from));
    }

    private string MonthOf(string column) => Sqlite ? $"substr({column}, 1, 7)" : $"to_char({column}, 'YYYY-MM')";

    private string YearOf(string column) => Sqlite ? $"substr({column}, 1, 4)" : $"to_char({column}, 'YYYY')";

    private string PlusMonths(string column, int months) => Sqlite
        ? string.Create(CultureInfo.InvariantCulture, $"date({column}, '+{months} months')")
        : string.Create(CultureInfo.InvariantCulture, $"CAST({column} + INTERVAL '{months} months' AS date)");

    private string DaysBetween(string from, string to) => Sqlite ? $"(julianday({to}) - julianday({from}))" : $"({to} - {from})";

    /// <summary>A figure computed once per state of the data: the stamp changes with every import, sales line,
    /// analytics run and erasure (erased names must not linger in a cached top-customers list).</summary>
    private async Task<T> CachedAsync<T>(string key, Func<DbConnection, Task<T>> compute, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var stamp = ScopedStamp.Value ?? await StampAsync(connection, cancellationToken);
        if (_cache.TryGetValue(key, out var hit) && string.Equals(hit.Stamp, stamp, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _cacheHits);
            return (T)hit.Value;
        }

        Interlocked.Increment(ref _cacheMisses);
        var value = await compute(connection);
        if (_cache.Count >= CacheCapacity)
        {
            _cache.Clear();
        }

        _cache[key] = (stamp, value);
        return value;
    }

    private static async Task<string> StampAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await SqlReading.QueryAsync(connection, null, """
            SELECT (SELECT MAX(id) FROM imports), (SELECT MAX(id) FROM sales_lines), (SELECT MAX(id) FROM analytics_runs),
                   (SELECT COUNT(*) FROM customers WHERE erased_at IS NOT NULL), (SELECT COUNT(*) FROM imports WHERE status <> 'running')
            """, r => string.Create(CultureInfo.InvariantCulture, $"{r.Long(0)}|{r.Long(1)}|{r.Long(2)}|{r.Long(3)}|{r.Long(4)}"), cancellationToken))[0];

    /// <summary>The stamp, read once for the figures gathered by one call (the overview) instead of once each: the
    /// caller stores it in <see cref="ScopedStamp"/> (an async local set in the caller flows down to its awaits).</summary>
    private async Task<string> ReadStampAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await StampAsync(connection, cancellationToken);
    }
}
