using CrmReco.Web.Overview;

namespace CrmReco.Web.Tests.Components;

public sealed class OverviewFiguresTests
{
    private static SaleListItem Sale(string customer, string document, DateOnly date, decimal amount) =>
        new(1, date, customer, document, "sale", "RIE-2021", "Riesling 2021", 1, 1, amount / 1.2m, amount, 1);

    [Fact]
    public void FromSales_ThreeYears_ComparesYearToDateAndCountsRepeatBuyers()
    {
        var today = new DateOnly(2026, 6, 30);
        var sales = new[]
        {
            Sale("A", "D1", new DateOnly(2025, 3, 1), 100m),
            Sale("A", "D2", new DateOnly(2026, 3, 1), 150m),
            Sale("B", "D3", new DateOnly(2026, 5, 1), 50m),
            Sale("B", "D3", new DateOnly(2026, 5, 1), 50m),
            Sale("C", "D4", new DateOnly(2025, 12, 20), 300m),
        };
        var figures = OverviewFigures.FromSales(today, sales, new SegmentReport(null, null, []), 90, null);

        Assert.Equal(250m, figures.RevenueYearToDate);
        Assert.Equal(100m, figures.RevenueLastYearSamePeriod);
        Assert.Equal(1.5, figures.RevenueChange!.Value, 6);
        Assert.Equal(3, figures.ActiveCustomers); // A, B, C bought within the last 12 months
        Assert.Equal(1 / 3.0, figures.RepeatRate, 6); // only A ordered twice
        Assert.Equal((150m + 100m + 300m) / 3, figures.AverageOrder);
        Assert.Equal([2024, 2025, 2026], figures.MonthlyRevenue.Select(y => y.Year));
        Assert.Equal(300m, figures.MonthlyRevenue[1].Months[11]);
        Assert.False(figures.IsEmpty);
    }

    [Fact]
    public void FromSales_NoSales_IsEmpty()
    {
        var figures = OverviewFigures.FromSales(new DateOnly(2026, 1, 1), [], new SegmentReport(null, null, []), null, null);
        Assert.True(figures.IsEmpty);
        Assert.Null(figures.RevenueChange);
    }
}
