using CrmReco.Contracts.Campaigns;
using CrmReco.Contracts.Reports;
using CrmReco.Web.Formatting;
using CrmReco.Web.Layout;
using CrmReco.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Web.Tests.Components;

/// <summary>The reports page, the R×F heat map, the data-health trend and the overview's campaign cards, rendered
/// in French over canned API answers (the HTTP layer only is replaced, the clients are the real ones).</summary>
public sealed class DashboardViewsTests : DashboardTestContext
{
    public DashboardViewsTests()
    {
        UseCannedApi();
    }

    /// <summary>French writes narrow no-break spaces between thousands; compare with plain spaces.</summary>
    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private void AnswerReports(bool withSales)
    {
        var asOf = new DateOnly(2026, 12, 7);
        var current = new PeriodFigures(new DateOnly(2026, 1, 1), asOf, withSales ? 123456.78 : 0, withSales ? 400 : 0, withSales ? 250 : 0);
        var previous = new PeriodFigures(new DateOnly(2025, 1, 1), asOf.AddYears(-1), withSales ? 100000 : 0, withSales ? 380 : 0, withSales ? 260 : 0);
        Answers["/api/reports/year-to-date"] = new YearToDate(asOf, current, previous, withSales ? 0.2345678 : null);
        Answers["/api/reports/cohorts?by=year"] = new CohortReport(asOf, "year",
            withSales ? [new CohortRow("2024", 120, 40, 120, 40, 1 / 3.0), new CohortRow("2026", 30, 2, 0, 0, null)] : [], new RepeatRate(withSales ? 120 : 0, withSales ? 40 : 0, withSales ? 1 / 3.0 : null));
        foreach (var dimension in new[] { "month", "variety", "colour", "price-band" })
        {
            IReadOnlyList<SalesByRow> rows = !withSales ? []
                : dimension == "month" ? [new SalesByRow("2026-11", null, 2500, 0.25, 200, 20, 18), new SalesByRow("2026-12", null, 7500, 0.75, 600, 60, 50)]
                : [new SalesByRow(dimension == "variety" ? "Pinot noir" : "=HYPERLINK(\"x\")", null, 7000, 0.7, 500, 50, 40), new SalesByRow(null, null, 3000, 0.3, 300, 30, 28)];
            Answers["/api/reports/sales-by?dimension=" + dimension] = new SalesByReport(dimension, new DateOnly(2025, 12, 8), asOf, withSales ? 10000 : 0, rows);
        }

        Answers["/api/reports/clv-distribution"] = withSales
            ? new ClvDistribution(3, asOf, 150, 30000, 200, 120, [new ClvBand(0, 100, 60, 3000), new ClvBand(100, 500, 80, 20000), new ClvBand(500, null, 10, 7000)])
            : new ClvDistribution(null, null, 0, 0, null, null, []);
        Answers["/api/reports/top-customers?limit=20"] = new TopCustomersReport(new DateOnly(2020, 1, 1), asOf,
            withSales ? [new TopCustomer("C042", "Durand", "Anne", "Colmar", 4321.5, 12, 96, new DateOnly(2020, 3, 1), new DateOnly(2026, 11, 30), "champions")] : []);
        Answers["/api/segments"] = new SegmentReport(3, asOf, [new SegmentSummary("champions", "Champions", "Champions", 10, 5000, 4000, 0.9)]);
    }

    [Fact]
    public void ReportsPage_Figures_InFrenchWithACsvPerTable()
    {
        SignIn(RoleNames.Viewer);
        AnswerReports(withSales: true);

        var page = Render<ReportsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=top] tbody tr")));

        Assert.Equal("123 457 €", Plain(page.Find("[data-testid=ytd-revenue] .crm-kpi-value").TextContent.Trim()));
        Assert.Contains("+23 % vs même période N-1 (100 000 €)", Plain(page.Find("[data-testid=ytd-revenue]").TextContent), StringComparison.Ordinal);
        Assert.Contains("Du 01/01/2026 au 07/12/2026", page.Find("[data-testid=ytd]").TextContent, StringComparison.Ordinal);
        var cohorts = page.FindAll("[data-testid=cohorts] tbody tr").Select(r => Plain(r.TextContent)).ToList();
        Assert.Contains("33,3 %", cohorts[0], StringComparison.Ordinal);
        Assert.Contains("trop récent", cohorts[1], StringComparison.Ordinal);
        Assert.Contains("déc. 2026", page.Find("[data-testid=sales-month]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Pinot noir", page.Find("[data-testid=sales-variety]").TextContent, StringComparison.Ordinal);
        Assert.Contains("non renseigné", page.Find("[data-testid=sales-colour]").TextContent, StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK", page.Find("[data-testid=sales-colour]").TextContent, StringComparison.Ordinal); // shown as is, escaped in the CSV only
        Assert.Contains("500 € et plus", Plain(page.Find("[data-testid=clv]").TextContent), StringComparison.Ordinal);
        Assert.Contains("médiane 120 €", Plain(page.Find("[data-testid=clv]").TextContent), StringComparison.Ordinal);
        var top = Plain(page.Find("[data-testid=top] tbody tr").TextContent);
        Assert.Contains("Durand Anne", top, StringComparison.Ordinal);
        Assert.Contains("4 322 €", top, StringComparison.Ordinal);
        Assert.Contains("Champions", top, StringComparison.Ordinal);
        Assert.Equal("customers/C042", page.Find("[data-testid=top] tbody tr a").GetAttribute("href"));

        var csv = Uri.UnescapeDataString(page.Find("[data-testid=top-csv]").GetAttribute("href")!["data:text/csv;charset=utf-8,".Length..]);
        Assert.Equal("meilleurs-clients.csv", page.Find("[data-testid=top-csv]").GetAttribute("download"));
        Assert.StartsWith("\uFEFF#;Code client;Nom;Prénom;Ville;Segment;Chiffre d'affaires;", csv, StringComparison.Ordinal);
        Assert.Contains("\r\n1;C042;Durand;Anne;Colmar;Champions;4321,5;12;96;01/03/2020;30/11/2026\r\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("01/03/2020", top, StringComparison.Ordinal); // the first order is in the CSV only
        var colours = Uri.UnescapeDataString(page.Find("[data-testid=sales-colour-csv]").GetAttribute("href")!);
        Assert.Contains("\r\n\"'=HYPERLINK(\"\"x\"\")\";7000;70;500;50;40\r\n", colours, StringComparison.Ordinal);
        Assert.Equal(8, page.FindAll("a[download]").Count);
        Assert.Contains("crm-noprint", page.Find("[data-testid=reports-print]").ClassName, StringComparison.Ordinal);
        Assert.Equal(4, page.FindAll(".crm-page-break").Count);
    }

    [Fact]
    public void ReportsPage_NoSales_SaysToImportFirst()
    {
        SignIn(RoleNames.Viewer);
        AnswerReports(withSales: false);

        var page = Render<ReportsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=empty]")));

        Assert.Contains("Importez vos exports de ventes", page.Find("[data-testid=empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("a[download]"));
        Assert.Empty(page.FindAll("[data-testid=reports-print]"));
    }

    [Fact]
    public void CsvFile_CellsStartingLikeAFormula_AreEscapedAndQuoted()
    {
        var text = CsvFile.Text(["Nom", "Montant"], [["=1+1", "-12,5"], ["@SUM(A1)", "3"], ["a;b", null]]);

        Assert.Equal("Nom;Montant\r\n'=1+1;'-12,5\r\n'@SUM(A1);3\r\n\"a;b\";\r\n", text);
        Assert.StartsWith("data:text/csv;charset=utf-8,%EF%BB%BF", CsvFile.DataUri(["a"], []), StringComparison.Ordinal);
    }

    [Fact]
    public void RfmHeatMap_Cells_CountsRevenueAndALinkToTheirCustomers()
    {
        var grid = new RfmGrid(3, new DateOnly(2026, 12, 7), 5,
        [
            new RfmCell(5, 5, 40, 12345.6, "champions", "Champions", "Champions"),
            new RfmCell(1, 1, 10, 500, "lost", "Perdus", "Lost"),
        ]);

        var map = Render<CrmReco.Web.Components.RfmHeatMap>(p => p.Add(c => c.Grid, grid).Add(c => c.Title, "Récence × fréquence"));

        Assert.Equal(25, map.FindAll("[data-testid=rfm-grid] tbody td").Count);
        Assert.Equal(23, map.FindAll("td.crm-heat-empty").Count);
        var best = map.Find("[data-testid=cell-5-5]");
        Assert.Equal("customers?r=5&f=5", best.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("40", best.QuerySelector(".crm-heat-count")!.TextContent);
        Assert.Equal("12 346 €", Plain(best.QuerySelector(".crm-heat-revenue")!.TextContent));
        Assert.Equal("Champions", best.QuerySelector(".crm-heat-segment")!.TextContent);
        Assert.Contains("rgba(123,30,58,1)", best.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("rgba(123,30,58,0.31)", map.Find("[data-testid=cell-1-1]").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("R 5", map.Find("[data-testid=rfm-grid] tbody tr th").TextContent); // most recent on top
    }

    [Fact]
    public void RfmHeatMap_NoRun_SaysToRunTheAnalysis()
    {
        var map = Render<CrmReco.Web.Components.RfmHeatMap>(p => p.Add(c => c.Grid, new RfmGrid(null, null, 5, [])).Add(c => c.Title, "Récence × fréquence"));

        Assert.Empty(map.FindAll("[data-testid=rfm-grid]"));
        Assert.Contains("lancez l'analyse", map.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthTrendChart_Snapshots_DrawsTheLineAndSummarisesFirstAndLast()
    {
        var history = new DataHealthHistory(
        [
            new DataHealthSnapshot(1, new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), "import", 4, 72, []),
            new DataHealthSnapshot(2, new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), "nightly", null, 88, []),
        ]);

        var chart = Render<CrmReco.Web.Components.HealthTrendChart>(p => p.Add(c => c.History, history).Add(c => c.Title, "Évolution du score"));

        Assert.NotEmpty(chart.FindAll("svg"));
        Assert.Equal("2 mesures : 72 / 100 le 30/11/2026, 88 / 100 le 06/12/2026.", chart.Find("[data-testid=health-history-summary]").TextContent);
        var latest = chart.FindAll("[data-testid=health-history-latest] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, latest.Count);
        Assert.Contains("le calcul de nuit", latest[0], StringComparison.Ordinal); // newest first
        Assert.Contains("l'import n° 4", latest[1], StringComparison.Ordinal);
    }

    [Fact]
    public void HealthTrendChart_NoSnapshot_ExplainsWhenItWillAppear()
    {
        var chart = Render<CrmReco.Web.Components.HealthTrendChart>(p => p.Add(c => c.History, new DataHealthHistory([])).Add(c => c.Title, "Évolution du score"));

        Assert.Contains("après chaque import", chart.Find("[data-testid=health-history-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void CampaignCard_SentWithUplift_ShowsTheResultAndLinksToTheCampaign()
    {
        var campaign = new OverviewCampaign(7, "Printemps", CampaignStates.Sent, new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.Zero), 800, 200,
            Buyers: 64, Revenue: 9876.6, RevenueUplift: new UpliftFigure(3.25, -1, 7.5, false), IncrementalRevenue: 2600);

        var card = Render<CrmReco.Web.Components.CampaignCard>(p => p.Add(c => c.Label, "Résultat de la dernière campagne").Add(c => c.Campaign, campaign).Add(c => c.TestId, "campaign-last"));

        var text = Plain(card.Find("[data-testid=campaign-last]").TextContent);
        Assert.Equal("campaigns/7", card.Find("a").GetAttribute("href"));
        Assert.Contains("Envoyée le 02/04/2026 à 800 clients (200 témoins)", text, StringComparison.Ordinal);
        Assert.Contains("64 acheteurs, 9 877 € de CA depuis l'envoi", text, StringComparison.Ordinal);
        Assert.Contains("+2 600 € de CA supplémentaire estimé (3,25 € par client vs témoins)", text, StringComparison.Ordinal);
        Assert.NotEmpty(card.FindAll(".crm-up"));
    }

    [Fact]
    public void CampaignCard_None_ShowsTheEmptyStateWithItsLink()
    {
        var card = Render<CrmReco.Web.Components.CampaignCard>(p => p.Add(c => c.Label, "Prochaine campagne programmée").Add(c => c.TestId, "campaign-next")
            .Add(c => c.Empty, "Aucune campagne programmée.").Add(c => c.EmptyHref, "campaigns").Add(c => c.EmptyAction, "Voir les campagnes"));

        Assert.Equal("Aucune campagne programmée.", card.Find("[data-testid=campaign-next-empty]").TextContent);
        Assert.Equal("campaigns", card.Find("a").GetAttribute("href"));
    }

    [Fact]
    public void NavMenu_Viewer_ShowsTheReports()
    {
        SignIn(RoleNames.Viewer);

        var menu = Render<NavMenu>();

        Assert.Equal("Rapports", menu.Find("[data-testid=nav-reports]").TextContent.Trim());
        Assert.EndsWith("reports", menu.Find("[data-testid=nav-reports]").GetAttribute("href"), StringComparison.Ordinal);
    }
}
