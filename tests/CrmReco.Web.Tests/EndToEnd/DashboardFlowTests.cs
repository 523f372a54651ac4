using System.Text.RegularExpressions;
using CrmReco.Api.Demo;
using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>What a person does with the dashboard, in a real browser against the real host and demo estate.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFlowTests(DashboardHost host)
{
    private const string CustomerRows = "[data-testid=customer-grid] tbody tr";
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task Root_Anonymous_ShowsTheFrenchLoginPage()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.Page.GotoAsync("/");
        await probe.Page.GetByTestId("submit").WaitForAsync(Visible);
        Assert.Matches(new Regex("/login$"), probe.Page.Url);
        Assert.Equal("Se connecter", (await probe.Page.GetByTestId("submit").InnerTextAsync()).Trim(), ignoreCase: true);
        await probe.ScreenshotAsync("login");
        AssertClean(probe);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsAFrenchError()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        probe.Expected.Add("/api/auth/login");
        await probe.Page.GotoAsync("/login");
        await probe.Page.GetByLabel("Adresse e-mail").FillAsync(DemoSeeder.Email);
        await probe.Page.GetByLabel("Mot de passe").FillAsync("pas le bon");
        await probe.Page.GetByTestId("submit").ClickAsync();
        await probe.Page.GetByTestId("login-error").WaitForAsync(Visible);
        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", (await probe.Page.GetByTestId("login-error").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Login_Demo_LandsOnTheOverviewWithChartsOfTheSampleEstate()
    {
        await using var probe = await SignedInAsync(DemoSeeder.Email, DemoSeeder.Password);
        await probe.Page.GetByTestId("kpi-ytd").WaitForAsync(Visible);
        Assert.Equal("Vue d'ensemble", (await probe.Page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("€", await probe.Page.GetByTestId("kpi-ytd").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await probe.Page.Locator("svg path").CountAsync() > 3, "the revenue chart draws its lines");
        await probe.ScreenshotAsync("overview");
        AssertClean(probe);
    }

    [Fact]
    public async Task EveryPage_AsAdmin_LoadsWithoutConsoleErrorOrFailedRequest()
    {
        await using var probe = await SignedInAsync(DemoSeeder.Email, DemoSeeder.Password);
        var pages = new (string Path, string Name, string Ready)[]
        {
            ("/customers", "customers", CustomerRows),
            ("/segments", "segments", "[data-testid=rfm-grid] tbody td a"),
            ("/recommendations", "recommendations", "[data-testid=recommendations] tbody tr"),
            ("/imports", "imports", "[data-testid=import-history] tbody tr"),
            ("/imports/1", "import", "[data-testid=rejects] tbody tr"),
            ("/data-health", "data-health", "[data-testid=health-history-summary]"),
            ("/reports", "reports", "[data-testid=top] tbody tr"),
            ("/admin", "admin", "[data-testid=admin-users] tbody tr"),
        };
        foreach (var (path, name, ready) in pages)
        {
            await OpenAsync(probe, path, ready);
            await probe.ScreenshotAsync(name);
        }

        AssertClean(probe);
    }

    [Fact]
    public async Task Segments_HeatMapCell_OpensTheCustomersOfThatCell()
    {
        await using var probe = await SignedInAsync(DashboardHost.ViewerEmail);
        await probe.Page.GotoAsync("/segments");
        var cell = probe.Page.Locator("[data-testid=rfm-grid] tbody td a").First;
        await cell.WaitForAsync(Visible);
        var count = (await cell.Locator(".crm-heat-count").InnerTextAsync()).Trim();
        await cell.ClickAsync();
        await probe.Page.WaitForURLAsync(new Regex(@"/customers\?r=\d&f=\d$"));
        await probe.Page.GetByTestId("rfm-cell-filter").WaitForAsync(Visible);
        await probe.Page.Locator(CustomerRows).First.WaitForAsync(Visible);
        var total = Regex.Match(await probe.Page.Locator(".mud-table-pagination-caption").Last.InnerTextAsync(), @"sur\s+([\d\s\u202F\u00A0]+)");
        Assert.True(total.Success, "the pager shows the filtered total");
        Assert.Equal(count.Replace("\u202F", string.Empty, StringComparison.Ordinal), Regex.Replace(total.Groups[1].Value, @"\s", string.Empty));
        await probe.ScreenshotAsync("customers-rfm-cell");
        AssertClean(probe);
    }

    [Fact]
    public async Task Reports_Printed_HideTheNavigationAndTheButtons()
    {
        await using var probe = await SignedInAsync(DashboardHost.ViewerEmail);
        await OpenAsync(probe, "/reports", "[data-testid=top] tbody tr");
        Assert.True(await probe.Page.GetByTestId("nav-reports").IsVisibleAsync());
        Assert.True(await probe.Page.GetByTestId("top-csv").IsVisibleAsync());

        await probe.Page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await probe.Page.GetByTestId("nav-reports").IsVisibleAsync());
        Assert.False(await probe.Page.GetByTestId("top-csv").IsVisibleAsync());
        Assert.False(await probe.Page.GetByTestId("reports-print").IsVisibleAsync());
        Assert.True(await probe.Page.GetByTestId("cohorts").IsVisibleAsync());
        await probe.ScreenshotAsync("reports-print");

        var download = await probe.Page.RunAndWaitForDownloadAsync(async () =>
        {
            await probe.Page.EmulateMediaAsync(new() { Media = Media.Screen });
            await probe.Page.GetByTestId("top-csv").ClickAsync();
        });
        Assert.Equal("meilleurs-clients.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("#;Code client;Nom;Prénom;", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(21, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        AssertClean(probe);
    }

    [Fact]
    public async Task Customers_SearchAndOpen_ShowsTheCustomerWithReasons()
    {
        await using var probe = await SignedInAsync(DemoSeeder.Email, DemoSeeder.Password);
        var code = await RecommendedCustomerAsync(probe);

        await OpenAsync(probe, "/customers", CustomerRows);
        // The search applies after a debounce and reloads the grid, where the customer may already be on the first page:
        // wait for the search's request and until every row is the customer's, so the row clicked is not replaced.
        await probe.Page.RunAndWaitForResponseAsync(
            () => probe.Page.GetByLabel("Rechercher").FillAsync(code),
            r => r.Url.Contains("/api/customers?", StringComparison.Ordinal) && r.Url.Contains("search=" + code, StringComparison.Ordinal));
        await Assertions.Expect(probe.Page.Locator(CustomerRows).Filter(new() { HasNotText = code })).ToHaveCountAsync(0);
        var row = probe.Page.Locator(CustomerRows, new() { HasText = code }).First;
        await row.WaitForAsync(Visible);
        var rowText = await row.InnerTextAsync();
        await row.ClickAsync();
        await probe.Page.WaitForURLAsync("**/customers/" + code);
        await probe.Page.GetByTestId("consent").WaitForAsync(Visible);
        var heading = (await probe.Page.Locator("h1").InnerTextAsync()).Trim();
        Assert.NotEqual("Fiche client", heading);
        Assert.Contains(heading, rowText, StringComparison.Ordinal);
        var reasons = probe.Page.GetByTestId("recommendations");
        await reasons.WaitForAsync(Visible);
        Assert.True(await reasons.Locator("tbody tr").CountAsync() > 0);
        await probe.ScreenshotAsync("customer");
        AssertClean(probe);
    }

    [Fact]
    public async Task Imports_GoodAndBadExports_ShowTheRejectedRows()
    {
        await using var probe = await SignedInAsync(DashboardHost.MarketingEmail);
        await OpenAsync(probe, "/imports", "[data-testid=import-history] tbody tr");
        var files = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Files");
        await probe.Page.Locator("input[type=file]").First.SetInputFilesAsync(
            [Path.Combine(files, "clients_e2e_2026-12-01.csv"), Path.Combine(files, "ventes_lignes_e2e_2026-12-02.csv")]);
        var results = probe.Page.GetByTestId("upload-results");
        await results.Locator("tbody tr").Nth(1).WaitForAsync(Visible);
        var text = await results.InnerTextAsync();
        Assert.Contains("clients_e2e_2026-12-01.csv", text, StringComparison.Ordinal);
        await probe.ScreenshotAsync("imports-upload");

        await results.Locator("tbody tr", new() { HasText = "ventes_lignes_e2e" }).GetByText("voir le détail").ClickAsync();
        var rejects = probe.Page.GetByTestId("rejects");
        await rejects.Locator("tbody tr").First.WaitForAsync(Visible);
        var rejected = await rejects.InnerTextAsync();
        Assert.Contains("31/13/2026", rejected, StringComparison.Ordinal);
        Assert.Contains("deux", rejected, StringComparison.Ordinal);
        await probe.ScreenshotAsync("import-rejects");
        AssertClean(probe);
    }

    [Fact]
    public async Task Customer_EraseAsAdmin_AfterConfirmation_ErasesThePersonalData()
    {
        await using var probe = await SignedInAsync(DemoSeeder.Email, DemoSeeder.Password);
        await probe.Page.GotoAsync("/customers/C00010");
        await probe.Page.GetByTestId("erase").WaitForAsync(Visible);
        await probe.Page.GetByTestId("erase").ClickAsync();
        await probe.Page.GetByRole(AriaRole.Button, new() { Name = "Effacer définitivement" }).ClickAsync();
        await probe.Page.GetByTestId("erased").WaitForAsync(Visible);
        Assert.DoesNotContain("Lefebvre", await probe.Page.Locator("h1").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        AssertClean(probe);
    }

    [Fact]
    public async Task Admin_AsViewer_IsNeitherInTheMenuNorReachableByUrl()
    {
        await using var probe = await SignedInAsync(DashboardHost.ViewerEmail);
        await probe.Page.GetByTestId("nav-customers").WaitForAsync(Visible);
        Assert.Equal(0, await probe.Page.GetByTestId("nav-admin").CountAsync());

        await probe.Page.GotoAsync("/admin");
        await probe.Page.GetByTestId("access-denied").WaitForAsync(Visible);
        Assert.Equal(0, await probe.Page.GetByTestId("admin-tabs").CountAsync());
        await probe.ScreenshotAsync("viewer-admin-denied");
        AssertClean(probe);
    }

    [Fact]
    public async Task Logout_ThenAPage_GoesBackToLogin()
    {
        await using var probe = await SignedInAsync(DashboardHost.ViewerEmail);
        await probe.Page.GetByTestId("logout").ClickAsync();
        await probe.Page.GetByTestId("submit").WaitForAsync(Visible);
        await probe.Page.GotoAsync("/customers");
        await probe.Page.GetByTestId("submit").WaitForAsync(Visible);
        Assert.Contains("/login", probe.Page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1366, 768)] // a laptop
    [InlineData(768, 1024)] // a tablet upright
    public async Task Customers_LaptopAndTablet_FitTheWindowWithoutHorizontalScroll(int width, int height)
    {
        await using var probe = await SignedInAsync(DemoSeeder.Email, DemoSeeder.Password);
        await probe.Page.SetViewportSizeAsync(width, height);
        await OpenAsync(probe, "/customers", CustomerRows);

        var page = await probe.Page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        Assert.True(page[0] <= page[1], $"the page scrolls sideways at {width} px: {page[0]} > {page[1]}");
        var grid = await probe.Page.EvaluateAsync<int[]>("() => { const t = document.querySelector('[data-testid=customer-grid] .mud-table-container'); return [t.scrollWidth, t.clientWidth]; }");
        Assert.True(grid[0] <= grid[1], $"the customer grid scrolls sideways at {width} px: {grid[0]} > {grid[1]}");
        var headers = await probe.Page.Locator("[data-testid=customer-grid] thead th").AllInnerTextsAsync();
        Assert.Contains(headers, h => h.Contains("Valeur 12 mois", StringComparison.Ordinal)); // what matters stays
        if (width < 1000)
        {
            await probe.ScreenshotAsync("customers-tablet");
        }

        AssertClean(probe);
    }

    private async Task<PageProbe> SignedInAsync(string email, string password = DashboardHost.Password)
    {
        var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(email, password);
        return probe;
    }

    /// <summary>Opens a page and waits until its first <paramref name="ready"/> element shows and the requests are done.</summary>
    private static async Task OpenAsync(PageProbe probe, string path, string ready)
    {
        await probe.Page.GotoAsync(path);
        await probe.Page.Locator(ready).First.WaitForAsync(Visible);
        await probe.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A customer the demo run recommends wines to, asked of the API with the browser's session.</summary>
    private static async Task<string> RecommendedCustomerAsync(PageProbe probe)
    {
        var recommended = await probe.Page.APIRequest.GetAsync("/api/recommendations?limit=1");
        return (await recommended.JsonAsync())!.Value.GetProperty("items")[0].GetProperty("customerCode").GetString()!;
    }

    private static void AssertClean(PageProbe probe) =>
        Assert.True(probe.Problems.Count == 0, "browser problems:\n" + string.Join("\n", probe.Problems));
}
