using System.Globalization;

namespace CrmReco.Web.Overview;

/// <summary>The figures of the overview page. Until the API serves GET /api/overview (pre-aggregated series),
/// <see cref="FromSales"/> derives them from the sales lines; the page only reads this record.</summary>
public sealed record OverviewFigures(
    DateOnly Today,
    decimal RevenueYearToDate,
    decimal RevenueLastYearSamePeriod,
    int ActiveCustomers,
    double RepeatRate,
    decimal AverageOrder,
    IReadOnlyList<YearSeries> MonthlyRevenue,
    SegmentReport Segments,
    int? DataHealthScore,
    ImportRunInfo? LastImport)
{
    /// <summary>Change of the year-to-date revenue against the same period last year (0.12 = +12 %), null without a base.</summary>
    public double? RevenueChange => RevenueLastYearSamePeriod == 0 ? null : (double)((RevenueYearToDate - RevenueLastYearSamePeriod) / RevenueLastYearSamePeriod);

    /// <summary>True when no sale was ever imported: the page then shows what to do first.</summary>
    public bool IsEmpty => MonthlyRevenue.All(y => y.Months.All(m => m == 0)) && LastImport is null;

    /// <summary>Figures from the sales lines of the last three calendar years.</summary>
    /// <param name="today">The day the figures are for: year to date ends there.</param>
    public static OverviewFigures FromSales(
        DateOnly today, IReadOnlyList<SaleListItem> sales, SegmentReport segments, int? dataHealthScore, ImportRunInfo? lastImport)
    {
        ArgumentNullException.ThrowIfNull(sales);
        var years = Enumerable.Range(today.Year - 2, 3).ToArray();
        var monthly = years.Select(y => new YearSeries(y, new decimal[12])).ToList();
        foreach (var sale in sales)
        {
            var index = sale.Date.Year - years[0];
            if (index is >= 0 and < 3)
            {
                ((decimal[])monthly[index].Months)[sale.Date.Month - 1] += sale.AmountTtc ?? 0;
            }
        }

        var lastYearToday = today.AddYears(-1);
        var ytd = sales.Where(s => s.Date.Year == today.Year && s.Date <= today).Sum(s => s.AmountTtc ?? 0);
        var lastYtd = sales.Where(s => s.Date.Year == lastYearToday.Year && s.Date <= lastYearToday).Sum(s => s.AmountTtc ?? 0);

        // Active: bought in the last 12 months. Repeat rate: share of the buyers of the three years with two
        // orders or more. Average order: revenue per order (document) over the last 12 months.
        var yearAgo = today.AddYears(-1);
        var lastTwelve = sales.Where(s => s.Date > yearAgo && s.Date <= today && (s.AmountTtc ?? 0) > 0).ToList();
        var orders = lastTwelve.GroupBy(s => s.DocumentNo, StringComparer.Ordinal).ToList();
        var ordersPerCustomer = sales.GroupBy(s => s.CustomerCode, StringComparer.Ordinal)
            .Select(g => g.Select(s => s.DocumentNo).Distinct(StringComparer.Ordinal).Count()).ToList();
        return new OverviewFigures(
            today,
            ytd,
            lastYtd,
            lastTwelve.Select(s => s.CustomerCode).Distinct(StringComparer.Ordinal).Count(),
            ordersPerCustomer.Count == 0 ? 0 : ordersPerCustomer.Count(n => n >= 2) / (double)ordersPerCustomer.Count,
            orders.Count == 0 ? 0 : orders.Sum(o => o.Sum(s => s.AmountTtc ?? 0)) / orders.Count,
            monthly,
            segments,
            dataHealthScore,
            lastImport);
    }

    /// <summary>The first day of the window <see cref="FromSales"/> needs.</summary>
    public static DateOnly WindowStart(DateOnly today) => new(today.Year - 2, 1, 1);

    public static string YearLabel(int year) => year.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One calendar year's revenue per month (12 values, January first).</summary>
public sealed record YearSeries(int Year, IReadOnlyList<decimal> Months);
