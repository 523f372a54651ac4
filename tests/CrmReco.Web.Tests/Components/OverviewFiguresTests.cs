using CrmReco.Contracts.Reports;
using CrmReco.Web.Overview;

namespace CrmReco.Web.Tests.Components;

public sealed class OverviewFiguresTests
{
    private static Contracts.Reports.Overview Of(DateOnly asOf, IReadOnlyList<MonthlyPoint> points, LastImport? lastImport = null) => new(
        asOf,
        new YearToDate(asOf, new PeriodFigures(new DateOnly(asOf.Year, 1, 1), asOf, 250, 2, 2), new PeriodFigures(new DateOnly(asOf.Year - 1, 1, 1), asOf.AddYears(-1), 100, 1, 1), 1.5),
        new MonthlySeries(asOf, [asOf.Year - 2, asOf.Year - 1, asOf.Year], points),
        Customers: 3,
        ActiveCustomers: 3,
        new RepeatRate(3, 1, 1 / 3.0),
        AverageOrderValue: 183.5,
        AverageDaysBetweenOrders: 365,
        AnalyticsRunId: 1,
        Segments: [],
        DataHealthScore: 90,
        lastImport,
        NextCampaign: null,
        LastCampaign: null);

    [Fact]
    public void FromOverview_ThreeYears_KeepsTheServersFiguresAndLaysTheMonthsOut()
    {
        var asOf = new DateOnly(2026, 6, 30);
        var overview = Of(asOf, [new MonthlyPoint(2025, 12, 300, 1, 1, 6), new MonthlyPoint(2026, 3, 150, 1, 1, 3)],
            new LastImport(7, DateTimeOffset.UnixEpoch, null, "succeeded", 10, 9, 1, 0));

        var figures = OverviewFigures.FromOverview(overview, new SegmentReport(null, null, []));

        Assert.Equal(asOf, figures.Today); // the chart's current year stops at the as-of month
        Assert.Equal(250m, figures.RevenueYearToDate);
        Assert.Equal(100m, figures.RevenueLastYearSamePeriod);
        Assert.Equal(1.5, figures.RevenueChange!.Value, 6);
        Assert.Equal(3, figures.ActiveCustomers);
        Assert.Equal(1 / 3.0, figures.RepeatRate!.Value, 6);
        Assert.Equal(183.5m, figures.AverageOrder);
        Assert.Equal([2024, 2025, 2026], figures.MonthlyRevenue.Select(y => y.Year));
        Assert.Equal(300m, figures.MonthlyRevenue[1].Months[11]);
        Assert.Equal(150m, figures.MonthlyRevenue[2].Months[2]);
        Assert.Equal(0m, figures.MonthlyRevenue[0].Months[0]);
        Assert.Equal(1, figures.LastImport!.RowsRejected);
        Assert.False(figures.IsEmpty);
    }

    [Fact]
    public void FromOverview_NoSalesNoImport_IsEmpty()
    {
        var figures = OverviewFigures.FromOverview(Of(new DateOnly(2026, 1, 1), []), new SegmentReport(null, null, []));
        Assert.True(figures.IsEmpty);
    }
}
