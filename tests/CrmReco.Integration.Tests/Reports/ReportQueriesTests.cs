using CrmReco.Contracts.Reports;
using CrmReco.Core.Reports;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Reports;

/// <summary>
/// The report figures on a small history imported from ERP-style exports, every expected number worked out by hand
/// below, on SQLite and PostgreSQL. As of 2026-03-15 (the latest sale):
/// <code>
/// C1  FA-1  2024-01-10  Riesling   6 b   72 €
///     FA-2  2024-06-20  Pinot Noir 2 b   50 €
///     FA-3  2026-02-05  Riesling   6 b   72 €
/// C2  FA-4  2024-03-15  Pinot Noir 6 b  150 €
///     FA-5  2025-03-20  Riesling  12 b  144 €   (370 days after the first: not a repeat within 12 months)
/// C3  FA-6  2024-12-01  Riesling   6 b   72 € + Pinot Noir 1 b 25 €, credit note FA-6 Riesling −1 b −12 € the same day
///     FA-7  2025-01-10  Pinot Noir 3 b   75 €
///     FA-8  2026-03-12  Riesling   6 b   72 €
/// C4  FA-9  2026-03-01  Pinot Noir 2 b   50 €
///     FA-10 2026-03-15  Riesling   1 b   12 €
/// C5  in the customer file, no sale
/// </code>
/// Riesling is white, 10-20 band; Pinot Noir red, 20-30 band. Total revenue 782 € (Riesling 432, Pinot Noir 350).
/// </summary>
public sealed class ReportQueriesTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 15);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Monthly_SmallHistory_EveryMonthOfThreeYearsUpToTheLatestSale(string provider)
    {
        var reports = await SeedAsync(provider);

        var series = await reports.MonthlyAsync();

        Assert.Equal(AsOf, series.AsOf);
        Assert.Equal([2024, 2025, 2026], series.Years);
        Assert.Equal(27, series.Points.Count); // 2024 and 2025 whole, 2026 January to March
        var byMonth = series.Points.ToDictionary(p => (p.Year, p.Month));
        Assert.Equal(new MonthlyPoint(2024, 1, 72, 1, 1, 6), byMonth[(2024, 1)]);
        Assert.Equal(new MonthlyPoint(2024, 2, 0, 0, 0, 0), byMonth[(2024, 2)]);
        // FA-6: 72 + 25 − 12 = 85 €, 6 + 1 − 1 = 6 bottles, one order (the credit note is none).
        Assert.Equal(new MonthlyPoint(2024, 12, 85, 1, 1, 6), byMonth[(2024, 12)]);
        // FA-8, FA-9, FA-10: 72 + 50 + 12 = 134 €, three orders by C3 and C4, 6 + 2 + 1 bottles.
        Assert.Equal(new MonthlyPoint(2026, 3, 134, 3, 2, 9), byMonth[(2026, 3)]);
        Assert.Equal(782, series.Points.Sum(p => p.Revenue), 6);
        Assert.Equal(10, series.Points.Sum(p => p.Orders));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task YearToDate_SmallHistory_ComparesWithTheSameDaysLastYear(string provider)
    {
        var reports = await SeedAsync(provider);

        var ytd = await reports.YearToDateAsync();

        // 2026-01-01..03-15: FA-3, FA-8, FA-9, FA-10 = 206 € by C1, C3, C4. 2025-01-01..03-15: FA-7 = 75 € (FA-5 is the 20th).
        Assert.Equal(new PeriodFigures(new DateOnly(2026, 1, 1), AsOf, 206, 4, 3), ytd.Current);
        Assert.Equal(new PeriodFigures(new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 15), 75, 1, 1), ytd.PreviousYear);
        Assert.Equal((206.0 / 75) - 1, ytd.RevenueChange!.Value, 9);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Cohorts_SmallHistory_RepeatWithinTwelveMonthsOfTheFirstOrder(string provider)
    {
        var reports = await SeedAsync(provider);

        var years = await reports.CohortsAsync("year");
        var months = await reports.CohortsAsync("month");

        // Matured = first order on or before 2025-03-15. C1 repeats (06-20 ≤ 2025-01-10), C2 does not (2025-03-20 >
        // 2025-03-15), C3 repeats (2025-01-10; the credit note is no purchase), C4 repeats but is 14 days old.
        Assert.Equal(
            [new CohortRow("2024", 3, 2, 3, 2, 2.0 / 3), new CohortRow("2026", 1, 1, 0, 0, null)],
            years.Cohorts);
        Assert.Equal(new RepeatRate(3, 2, 2.0 / 3), years.Overall);
        Assert.Equal(
            [new CohortRow("2024-01", 1, 1, 1, 1, 1), new CohortRow("2024-03", 1, 0, 1, 0, 0), new CohortRow("2024-12", 1, 1, 1, 1, 1), new CohortRow("2026-03", 1, 1, 0, 0, null)],
            months.Cohorts);
        Assert.Equal(years.Overall, months.Overall);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Activity_SmallHistory_ActiveCustomersAverageOrderAndGap(string provider)
    {
        var reports = await SeedAsync(provider);

        var activity = await reports.ActivityAsync();

        // 2025-03-16..2026-03-15: FA-5 144, FA-3 72, FA-8 72, FA-9 50, FA-10 12 = 350 € over 5 orders by C1–C4.
        Assert.Equal(4, activity.ActiveCustomers);
        Assert.Equal(5, activity.Orders);
        Assert.Equal(70, activity.AverageOrderValue!.Value, 9);
        // Spans first → last purchase day: C1 757 d (2 gaps), C2 370 (1), C3 466 (2), C4 14 (1): 1607 / 6.
        Assert.Equal(1607.0 / 6, activity.AverageDaysBetweenOrders!.Value, 9);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SalesBy_SmallHistory_NetOfCreditNotesPerDimension(string provider)
    {
        var reports = await SeedAsync(provider);
        var from = new DateOnly(2024, 1, 1);

        var variety = await reports.SalesByAsync("variety", from);
        var colour = await reports.SalesByAsync("colour", from);
        var band = await reports.SalesByAsync("price-band", from);
        var lastYear = await reports.SalesByAsync("variety");
        var monthly = await reports.SalesByAsync("variety", from, byMonth: true);

        // Riesling: 72 + 72 − 12 + 144 + 72 + 72 + 12 = 432 €, 36 bottles, orders FA-1/5/6/3/8/10; Pinot Noir: 350 €, 14 b, 5 orders.
        Assert.Equal(782, variety.TotalRevenue, 6);
        Assert.Equal([new SalesByRow("Riesling", null, 432, 432.0 / 782, 36, 6, 4), new SalesByRow("Pinot Noir", null, 350, 350.0 / 782, 14, 5, 4)], variety.Rows);
        Assert.Equal(["white", "red"], colour.Rows.Select(r => r.Key));
        Assert.Equal([432.0, 350.0], colour.Rows.Select(r => r.Revenue));
        Assert.Equal(["10-20", "20-30"], band.Rows.Select(r => r.Key));
        // Default period 2025-03-16..2026-03-15: Riesling FA-5, FA-3, FA-8, FA-10 = 300 €; Pinot Noir FA-9 = 50 €.
        Assert.Equal(new DateOnly(2025, 3, 16), lastYear.From);
        Assert.Equal([("Riesling", 300.0, 25.0, 4, 4), ("Pinot Noir", 50.0, 2.0, 1, 1)], lastYear.Rows.Select(r => (r.Key!, r.Revenue, r.Bottles, r.Orders, r.Customers)));
        Assert.Equal(new SalesByRow("Riesling", "2026-03", 84, 84.0 / 782, 7, 2, 2), monthly.Rows.Single(r => r.Key == "Riesling" && r.Month == "2026-03"));
        Assert.Equal(10, monthly.Rows.Count); // Riesling in 5 months, Pinot Noir in 5
        await Assert.ThrowsAsync<ArgumentException>(() => reports.SalesByAsync("grape"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OrdersHistogramAndTopCustomers_SmallHistory_CountOrdersNotCreditNotes(string provider)
    {
        var reports = await SeedAsync(provider);

        var histogram = await reports.OrdersHistogramAsync(max: 3);
        var top = await reports.TopCustomersAsync(limit: 3);

        // C5 no order; C2 (294 €) and C4 (62 €) two; C1 (194 €) and C3 (85 + 75 + 72 = 232 €) three.
        Assert.Equal(5, histogram.Customers);
        Assert.Equal(
            [new OrdersBucket(0, false, 1, 0), new OrdersBucket(1, false, 0, 0), new OrdersBucket(2, false, 2, 356), new OrdersBucket(3, true, 2, 426)],
            histogram.Buckets);
        Assert.Equal((new DateOnly(2024, 1, 10), AsOf), (top.From, top.To)); // the whole history by default
        Assert.Equal(
            [
                new TopCustomer("C2", "Martin", "Paul", "Colmar", 294, 2, 18, new DateOnly(2024, 3, 15), new DateOnly(2025, 3, 20), "loyal"),
                new TopCustomer("C3", "Bernard", "Anne", "Strasbourg", 232, 3, 15, new DateOnly(2024, 12, 1), new DateOnly(2026, 3, 12), "champions"),
                new TopCustomer("C1", "Dupont", "Jean", "Strasbourg", 194, 3, 14, new DateOnly(2024, 1, 10), new DateOnly(2026, 2, 5), "champions"),
            ],
            top.Customers);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ClvDistribution_LatestRun_CountsCustomersPerBand(string provider)
    {
        var reports = await SeedAsync(provider);

        var clv = await reports.ClvDistributionAsync();
        var custom = await reports.ClvDistributionAsync([0, 100]);

        // Seeded CLVs 10, 60, 150, 6000: one each in [0, 50), [50, 100), [100, 200) and [5000, ∞); median (60 + 150) / 2.
        Assert.Equal(2, clv.RunId);
        Assert.Equal(4, clv.Customers);
        Assert.Equal(6220, clv.TotalClv, 9);
        Assert.Equal(1555, clv.MeanClv!.Value, 9);
        Assert.Equal(105, clv.MedianClv!.Value, 9);
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 1], clv.Bands.Select(b => b.Customers));
        Assert.Null(clv.Bands[^1].To);
        Assert.Equal([new ClvBand(0, 100, 2, 70), new ClvBand(100, null, 2, 6150)], custom.Bands);
        await Assert.ThrowsAsync<ArgumentException>(() => reports.ClvDistributionAsync([10, 5]));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Overview_SmallHistory_GathersThePageFigures(string provider)
    {
        var reports = await SeedAsync(provider);

        var overview = await reports.OverviewAsync();

        Assert.Equal(AsOf, overview.AsOf);
        Assert.Equal(206, overview.YearToDate.Current.Revenue, 6);
        Assert.Equal(27, overview.Monthly.Points.Count);
        Assert.Equal(5, overview.Customers);
        Assert.Equal(4, overview.ActiveCustomers);
        Assert.Equal(new RepeatRate(3, 2, 2.0 / 3), overview.RepeatRate);
        Assert.Equal(70, overview.AverageOrderValue!.Value, 9);
        Assert.Equal(2, overview.AnalyticsRunId);
        Assert.Equal([("champions", 2), ("loyal", 1), ("new", 1)], overview.Segments.Select(s => (s.Segment, s.Customers)).OrderBy(s => s.Segment, StringComparer.Ordinal));
        Assert.InRange(overview.DataHealthScore, 0, 100);
        Assert.NotNull(overview.LastImport);
        Assert.Equal("succeeded", overview.LastImport.Status);
        Assert.Equal(0, overview.LastImport.RowsRejected);
        Assert.Null(overview.NextCampaign);
        Assert.Null(overview.LastCampaign);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Overview_AfterANewImport_IsComputedAgain(string provider)
    {
        var (db, files) = await ImportAsync(provider);
        var reports = TestServices.Get<ReportQueries>(db);
        var before = await reports.YearToDateAsync(AsOf);

        files.WriteCp1252("later/ventes_lignes/v.csv", ExportFiles.SalesHeader, Sale("C5", "14/03/2026", "Riesling 2022", "2", "FA-11", "RIE-2022", "24,00"));
        await CliRunner.RunAsync("import", "--db", db, Path.Combine(files.Root, "later"));
        var after = await reports.YearToDateAsync(AsOf);

        Assert.Equal(206, before.Current.Revenue, 6);
        Assert.Equal(230, after.Current.Revenue, 6);
        Assert.Equal(4, after.Current.Customers);
    }

    private static async Task<ReportQueries> SeedAsync(string provider)
    {
        var (db, _) = await ImportAsync(provider);
        await SeedRunsAsync(db);
        return TestServices.Get<ReportQueries>(db);
    }

    private static async Task<(string Db, ExportFiles Files)> ImportAsync(string provider)
    {
        var db = TestDatabases.New(provider);
        return (db, await ImportHistoryAsync(db));
    }

    /// <summary>Imports the history of the class comment into <paramref name="db"/>.</summary>
    internal static async Task<ExportFiles> ImportHistoryAsync(string db)
    {
        var files = new ExportFiles();
        files.WriteCp1252("first/clients/clients.csv", ExportFiles.CustomersHeader,
            "C1;Dupont;Jean;jean.dupont@example.com;;;67000;Strasbourg;France",
            "C2;Martin;Paul;paul.martin@example.com;;;68000;Colmar;France",
            "C3;Bernard;Anne;anne.bernard@example.com;;;67000;Strasbourg;France",
            "C4;Petit;Luc;luc.petit@example.com;;;67100;Strasbourg;France",
            "C5;Roux;Eva;eva.roux@example.com;;;68100;Mulhouse;France");
        files.WriteCp1252("first/produits/produits.csv", "Désignation;Code article;Millésime;Famille;Prix TTC;Tranche prix",
            "Riesling 2022;RIE-2022;2022;Blanc;12,00;10-20",
            "Pinot Noir 2021;PN-2021;2021;Rouge;25,00;20-30");
        files.WriteCp1252("first/ventes_lignes/ventes.csv", ExportFiles.SalesHeader,
            Sale("C1", "10/01/2024", "Riesling 2022", "6", "FA-1", "RIE-2022", "72,00"),
            Sale("C1", "20/06/2024", "Pinot Noir 2021", "2", "FA-2", "PN-2021", "50,00"),
            Sale("C1", "05/02/2026", "Riesling 2022", "6", "FA-3", "RIE-2022", "72,00"),
            Sale("C2", "15/03/2024", "Pinot Noir 2021", "6", "FA-4", "PN-2021", "150,00"),
            Sale("C2", "20/03/2025", "Riesling 2022", "12", "FA-5", "RIE-2022", "144,00"),
            Sale("C3", "01/12/2024", "Riesling 2022", "6", "FA-6", "RIE-2022", "72,00"),
            Sale("C3", "01/12/2024", "Pinot Noir 2021", "1", "FA-6", "PN-2021", "25,00"),
            Sale("C3", "01/12/2024", "Riesling 2022", "1", "FA-6", "RIE-2022", "12,00", "AVOIR"),
            Sale("C3", "10/01/2025", "Pinot Noir 2021", "3", "FA-7", "PN-2021", "75,00"),
            Sale("C3", "12/03/2026", "Riesling 2022", "6", "FA-8", "RIE-2022", "72,00"),
            Sale("C4", "01/03/2026", "Pinot Noir 2021", "2", "FA-9", "PN-2021", "50,00"),
            Sale("C4", "15/03/2026", "Riesling 2022", "1", "FA-10", "RIE-2022", "12,00"));
        var result = await CliRunner.RunAsync("import", "--db", db, Path.Combine(files.Root, "first"));
        Assert.True(result.ExitCode == 0, result.StdErr);
        return files;
    }

    /// <summary>Two analytics runs written as `analyze` stores them (four customers are too few to fit the models):
    /// the latest, run 2, has CLVs 10 (C4, new), 60 (C2, loyal), 150 (C1, champions) and 6000 (C3, champions).</summary>
    internal static async Task SeedRunsAsync(string db)
    {
        var database = TestServices.Database(db);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var runs = new List<long>();
        foreach (var _ in new[] { 1, 2 })
        {
            runs.Add(await SqlDatabase.ScalarAsync<long>(connection, null, """
                INSERT INTO analytics_runs (created_at, as_of, customers, bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_ll, estate_gap_days)
                VALUES ('2026-03-16T00:00:00Z', '2026-03-15', 4, 1, 1, 1, 1, -1, 90) RETURNING id
                """, CancellationToken.None));
        }

        Assert.Equal([1L, 2L], runs);
        foreach (var (run, code, segment, clv) in new[] { (1, "C1", "lost", 1.0), (2, "C1", "champions", 150), (2, "C2", "loyal", 60), (2, "C3", "champions", 6000), (2, "C4", "new", 10) })
        {
            await SqlDatabase.ExecuteAsync(connection, null, $"""
                INSERT INTO customer_scores (run_id, customer_code, recency_days, orders, monetary, r_score, f_score, m_score, segment, p_alive,
                    expected_90, expected_365, expected_value, clv_12m, typical_gap_days, next_order_date, is_due, diversity_entropy, variety_count, taste_kind)
                VALUES ({run}, '{code}', 10, 2, 100, 3, 3, 3, '{segment}', 0.5, 0.1, 0.5, 50, @clv, 90, '2026-06-01', FALSE, 0, 1, 'focused')
                """, CancellationToken.None, [("clv", (object?)clv)]);
        }
    }

    internal static string Sale(string customer, string date, string label, string qty, string document, string article, string amountTtc, string type = "FACTURE") =>
        $"{customer};{date};{label};{qty};;;{amountTtc};{type};{document};{article};;;";
}
