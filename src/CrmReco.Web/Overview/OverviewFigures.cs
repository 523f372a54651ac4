using System.Globalization;
using CrmReco.Contracts.Reports;

namespace CrmReco.Web.Overview;

/// <summary>The figures of the overview page, from GET /api/overview (computed and cached by the server, so the
/// page costs one call whatever the estate's size); the page only reads this record.</summary>
public sealed record OverviewFigures(
    DateOnly Today,
    decimal RevenueYearToDate,
    decimal RevenueLastYearSamePeriod,
    int ActiveCustomers,
    double? RepeatRate,
    decimal AverageOrder,
    IReadOnlyList<YearSeries> MonthlyRevenue,
    SegmentReport Segments,
    int? DataHealthScore,
    LastImport? LastImport,
    OverviewCampaign? NextCampaign = null,
    OverviewCampaign? LastCampaign = null)
{
    /// <summary>Change of the year-to-date revenue against the same period last year (0.12 = +12 %), null without a base.</summary>
    public double? RevenueChange => RevenueLastYearSamePeriod == 0 ? null : (double)((RevenueYearToDate - RevenueLastYearSamePeriod) / RevenueLastYearSamePeriod);

    /// <summary>True when no sale was ever imported: the page then shows what to do first.</summary>
    public bool IsEmpty => MonthlyRevenue.All(y => y.Months.All(m => m == 0)) && LastImport is null;

    /// <summary>The page's figures from the API's overview. <see cref="Today"/> is the overview's as-of date (the
    /// latest sale), so the current year's line stops where the data stops instead of dropping to zero.</summary>
    public static OverviewFigures FromOverview(Contracts.Reports.Overview overview, SegmentReport segments)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var years = overview.Monthly.Years.Count > 0 ? overview.Monthly.Years : [overview.AsOf.Year];
        var monthly = years.Select(year =>
        {
            var months = new decimal[12];
            foreach (var point in overview.Monthly.Points.Where(p => p.Year == year))
            {
                months[point.Month - 1] = (decimal)point.Revenue;
            }

            return new YearSeries(year, months);
        }).ToList();
        return new OverviewFigures(
            overview.AsOf,
            (decimal)overview.YearToDate.Current.Revenue,
            (decimal)overview.YearToDate.PreviousYear.Revenue,
            overview.ActiveCustomers,
            overview.RepeatRate.Rate,
            (decimal)(overview.AverageOrderValue ?? 0),
            monthly,
            segments,
            overview.DataHealthScore,
            overview.LastImport,
            overview.NextCampaign,
            overview.LastCampaign);
    }

    public static string YearLabel(int year) => year.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One calendar year's revenue per month (12 values, January first).</summary>
public sealed record YearSeries(int Year, IReadOnlyList<decimal> Months);
