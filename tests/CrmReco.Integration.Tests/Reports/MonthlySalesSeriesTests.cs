using CrmReco.Contracts.Reports;
using CrmReco.Core.Reports;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Reports;

/// <summary>The monthly series the charts read is pre-aggregated (monthly_sales, sql 013): rebuilt when an import
/// finishes, read for whole months, the cut months read from the sales lines; on SQLite and PostgreSQL. The history
/// is <see cref="ReportQueriesTests"/>'s.</summary>
public sealed class MonthlySalesSeriesTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_Finished_RebuildsTheSeriesAsTheSalesLinesCountIt(string provider)
    {
        var db = TestDatabases.New(provider);
        await ReportQueriesTests.ImportHistoryAsync(db);

        var rows = await SeriesAsync(db);
        Assert.Equal(8, rows.Count); // the months with a sale
        // FA-6 with its credit note: 72 + 25 − 12 = 85 €, one order, one buyer, 6 bottles.
        Assert.Equal(("2024-12", 85.0, 1, 1, 6.0), rows["2024-12"]);
        Assert.Equal(("2026-03", 134.0, 3, 2, 9.0), rows["2026-03"]);
        Assert.Equal(782, rows.Values.Sum(r => r.Revenue), 6);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_NewLines_RebuildOnlyTheMonthsFromTheEarliestNewLine(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = await ReportQueriesTests.ImportHistoryAsync(db);
        // Marks in the series: a month before the new lines must keep its mark, a month from them must be recounted.
        await ExecuteAsync(db, "UPDATE monthly_sales SET revenue = 1000 WHERE month IN ('2025-03', '2026-03')");

        // A weekly export: the old lines again (duplicates), one new line in February 2026 and one in a new month.
        files.WriteCp1252("weekly/ventes_lignes/ventes.csv", ExportFiles.SalesHeader,
            ReportQueriesTests.Sale("C1", "05/02/2026", "Riesling 2022", "6", "FA-3", "RIE-2022", "72,00"),
            ReportQueriesTests.Sale("C4", "15/03/2026", "Riesling 2022", "1", "FA-10", "RIE-2022", "12,00"),
            ReportQueriesTests.Sale("C5", "20/02/2026", "Pinot Noir 2021", "1", "FA-11", "PN-2021", "25,00"),
            ReportQueriesTests.Sale("C5", "02/04/2026", "Riesling 2022", "2", "FA-12", "RIE-2022", "24,00"));
        var result = await CliRunner.RunAsync("import", "--db", db, Path.Combine(files.Root, "weekly"));
        Assert.True(result.ExitCode == 0, result.StdErr);

        var rows = await SeriesAsync(db);
        Assert.Equal(1000, rows["2025-03"].Revenue); // before February 2026: left as it was
        Assert.Equal(("2026-02", 97.0, 2, 2, 7.0), rows["2026-02"]);
        Assert.Equal(("2026-03", 134.0, 3, 2, 9.0), rows["2026-03"]); // recounted from the lines
        Assert.Equal(("2026-04", 24.0, 1, 1, 2.0), rows["2026-04"]);

        // Nothing new: the series is not touched at all.
        await ExecuteAsync(db, "UPDATE monthly_sales SET revenue = 2000 WHERE month = '2026-04'");
        files.WriteCp1252("again/ventes_lignes/ventes.csv", ExportFiles.SalesHeader,
            ReportQueriesTests.Sale("C5", "02/04/2026", "Riesling 2022", "2", "FA-12", "RIE-2022", "24,00"));
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--db", db, Path.Combine(files.Root, "again"))).ExitCode);
        Assert.Equal(2000, (await SeriesAsync(db))["2026-04"].Revenue);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Monthly_WholeMonths_ReadThePreAggregatedSeries(string provider)
    {
        var db = TestDatabases.New(provider);
        await ReportQueriesTests.ImportHistoryAsync(db);
        // A whole month changed in the series only: the chart shows the series' figure, so it does not sum the lines.
        await ExecuteAsync(db, "UPDATE monthly_sales SET revenue = 1000, orders = 7 WHERE month = '2024-12'");
        var reports = TestServices.Get<ReportQueries>(db);

        var series = await reports.MonthlyAsync(asOf: new DateOnly(2026, 3, 15));
        var december = series.Points.Single(p => p is { Year: 2024, Month: 12 });
        Assert.Equal(new MonthlyPoint(2024, 12, 1000, 7, 1, 6), december);
        var byMonth = await reports.SalesByAsync("month", new DateOnly(2024, 1, 1), new DateOnly(2026, 3, 15));
        Assert.Equal(1000, byMonth.Rows.Single(r => r.Key == "2024-12").Revenue);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Monthly_CutMonths_CountOnlyTheDaysOfThePeriod(string provider)
    {
        var db = TestDatabases.New(provider);
        await ReportQueriesTests.ImportHistoryAsync(db);
        var reports = TestServices.Get<ReportQueries>(db);

        // As of 2026-03-12: March holds FA-8 only (FA-9 on the 1st is in; FA-10 on the 15th is not).
        var series = await reports.MonthlyAsync(asOf: new DateOnly(2026, 3, 12));
        Assert.Equal(new MonthlyPoint(2026, 3, 122, 2, 2, 8), series.Points[^1]);
        // From 2024-03-16: FA-4 (15 March 2024) is out, FA-5 of 2025-03-20 is in its own month.
        var byMonth = await reports.SalesByAsync("month", new DateOnly(2024, 3, 16), new DateOnly(2026, 3, 12));
        Assert.DoesNotContain(byMonth.Rows, r => r.Key == "2024-03");
        Assert.Equal(144, byMonth.Rows.Single(r => r.Key == "2025-03").Revenue);
        Assert.Equal(782 - 150 - 72 - 12, byMonth.TotalRevenue, 6); // without FA-1 (January 2024), FA-4 and FA-10
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SalesByMonth_Default_TwelveCalendarMonthsNotAFewDaysOfTheFirst(string provider)
    {
        var db = TestDatabases.New(provider);
        await ReportQueriesTests.ImportHistoryAsync(db);
        var reports = TestServices.Get<ReportQueries>(db);

        var byMonth = await reports.SalesByAsync("month");

        Assert.Equal(new DateOnly(2025, 4, 1), byMonth.From); // not 2025-03-16: March 2025 would show 5 days of sales
        Assert.Equal(new DateOnly(2026, 3, 15), byMonth.To);
        Assert.Equal(["2026-02", "2026-03"], byMonth.Rows.Select(r => r.Key));
    }

    private static async Task<Dictionary<string, (string Month, double Revenue, int Orders, int Buyers, double Bottles)>> SeriesAsync(string db)
    {
        await using var connection = await TestServices.Database(db).OpenAsync(CancellationToken.None);
        return (await SqlReading.QueryAsync(connection, null, "SELECT month, revenue, orders, buyers, bottles FROM monthly_sales",
            r => (r.Text(0), r.Dbl(1), r.Int(2), r.Int(3), r.Dbl(4)), CancellationToken.None)).ToDictionary(r => r.Item1, StringComparer.Ordinal);
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = await TestServices.Database(db).OpenAsync(CancellationToken.None);
        await SqlDatabase.ExecuteAsync(connection, null, sql, CancellationToken.None);
    }
}
