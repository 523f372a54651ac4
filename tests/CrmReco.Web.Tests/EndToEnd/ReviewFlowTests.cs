using System.Globalization;
using System.Text;
using CrmReco.Api.Demo;
using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>The customer list's filters and export, and the recommendations' debug view and review, in a real
/// browser against the demo estate.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ReviewFlowTests(DashboardHost host)
{
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task Customers_ConsentAndPAliveFilters_FilterTheGridAndExportTheSameList()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(DashboardHost.MarketingEmail, DashboardHost.Password);
        await probe.Page.GotoAsync("/customers");
        var rows = probe.Page.Locator("[data-testid=customer-grid] tbody tr");
        await rows.First.WaitForAsync(Visible);

        await probe.Page.GetByLabel("Contact e-mail").ClickAsync();
        await probe.Page.GetByText("contactables", new() { Exact = true }).ClickAsync();
        await probe.Page.GetByLabel("Actif min (%)").FillAsync("60");
        var expected = await TotalAsync(probe, "/api/customers?emailable=true&pAliveMin=0.6&limit=1");
        await probe.Page.Locator(".mud-table-pagination-caption", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"sur {expected}$") }).First.WaitForAsync(Visible);
        foreach (var cell in await probe.Page.Locator("[data-testid=customer-grid] tbody tr td:nth-child(7)").AllInnerTextsAsync())
        {
            var percent = double.Parse(cell.Replace("%", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Trim(), CultureInfo.GetCultureInfo("fr-FR"));
            Assert.True(percent >= 60, $"P(alive) {cell} is below the 60 % asked for");
        }

        await probe.Page.Locator("h1").ClickAsync(); // the focused field's caret out of the picture
        await probe.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await probe.ScreenshotAsync("customers-filtered");

        var download = await probe.Page.RunAndWaitForDownloadAsync(() => probe.Page.GetByTestId("customer-export-csv").ClickAsync());
        Assert.Equal("clients.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path!, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal("oui", l.Split(';')[4]));
        Assert.True(probe.Problems.Count == 0, "browser problems:\n" + string.Join("\n", probe.Problems));
    }

    [Fact]
    public async Task Customers_AsViewer_HasNoExportButton()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(DashboardHost.ViewerEmail, DashboardHost.Password);
        await probe.Page.GotoAsync("/customers");
        await probe.Page.Locator("[data-testid=customer-grid] tbody tr").First.WaitForAsync(Visible);
        Assert.Equal(0, await probe.Page.GetByTestId("customer-export-csv").CountAsync());
        Assert.Equal(0, await probe.Page.GetByTestId("customer-export-xlsx").CountAsync());
    }

    [Fact]
    public async Task Recommendations_DebugAndReject_ExplainsTheWinesAndMarksTheRejected()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(DemoSeeder.Email, DemoSeeder.Password);
        var recommended = await probe.Page.APIRequest.GetAsync("/api/recommendations?limit=1");
        var code = (await recommended.JsonAsync())!.Value.GetProperty("items")[0].GetProperty("customerCode").GetString()!;

        await probe.Page.GotoAsync("/recommendations");
        await probe.Page.Locator("[data-testid=recommendations] tbody tr").First.WaitForAsync(Visible);
        await probe.Page.GetByLabel("Code client à analyser").FillAsync(code);
        await probe.Page.GetByTestId("debug-show").ClickAsync();
        var debug = probe.Page.GetByTestId("recommendation-debug");
        await debug.WaitForAsync(Visible);
        Assert.Contains(code, await debug.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await debug.Locator("[data-testid=debug-items] tbody tr").CountAsync() > 0);
        Assert.True(await debug.Locator("[data-testid=debug-weights] tr").CountAsync() > 0);
        Assert.True(await debug.Locator("[data-testid=debug-source-scores] [data-testid=debug-source-row]").CountAsync() > 0); // each source's score, stored by the run
        Assert.Equal(0, await debug.GetByTestId("debug-missing").CountAsync());

        // The filter applies after a debounce and reloads the grid: wait for its request and until every row is the
        // customer's, so the row clicked below is not replaced by the reload; then follow that row by its wine.
        await probe.Page.RunAndWaitForResponseAsync(
            () => probe.Page.GetByLabel("Code client", new() { Exact = true }).FillAsync(code),
            r => r.Url.Contains("/api/recommendations?", StringComparison.Ordinal) && r.Url.Contains("customer=" + code, StringComparison.Ordinal));
        var rows = probe.Page.Locator("[data-testid=recommendations] tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasNotText = code })).ToHaveCountAsync(0);
        var wine = (await rows.First.Locator("td").Nth(3).InnerTextAsync()).Trim();
        var first = rows.Filter(new() { HasText = code }).Filter(new() { HasText = wine }).First;
        await first.GetByTestId("review-reject").WaitForAsync(Visible);
        await first.GetByTestId("review-reject").ClickAsync();
        await first.GetByTestId("review-decision").WaitForAsync(Visible);
        Assert.Equal("écartée", (await first.GetByTestId("review-decision").InnerTextAsync()).Trim());
        await debug.Locator("[data-testid=debug-decision]", new() { HasText = "écartée" }).First.WaitForAsync(Visible);
        await probe.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await probe.ScreenshotAsync("recommendations-debug");
        Assert.True(probe.Problems.Count == 0, "browser problems:\n" + string.Join("\n", probe.Problems));
    }

    [Fact]
    public async Task Recommendations_DebugAtLaptopWidth_SourceScoresFitWithoutSidewaysScroll()
    {
        await using var probe = await PageProbe.OpenAsync(host); // 1366 × 900
        await probe.LoginAsync(DemoSeeder.Email, DemoSeeder.Password);
        // The scenario blending the most sources (six), for the widest table of the demo run.
        var recommended = await probe.Page.APIRequest.GetAsync("/api/recommendations?scenario=cross_sell&limit=1");
        var items = (await recommended.JsonAsync())!.Value.GetProperty("items");
        if (items.GetArrayLength() == 0)
        {
            items = (await (await probe.Page.APIRequest.GetAsync("/api/recommendations?limit=1")).JsonAsync())!.Value.GetProperty("items");
        }

        var code = items[0].GetProperty("customerCode").GetString()!;
        await probe.Page.GotoAsync("/recommendations?customer=" + code);
        var table = probe.Page.GetByTestId("debug-source-scores");
        await table.Locator("[data-testid=debug-source-row]").First.WaitForAsync(Visible);
        await probe.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var page = await probe.Page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        Assert.True(page[0] <= page[1], $"the page scrolls sideways: {page[0]} > {page[1]}");
        foreach (var box in new[] { ".crm-table-scroll", ".crm-table-scroll .mud-table-container" })
        {
            var size = await probe.Page.EvaluateAsync<int[]>($"() => {{ const t = document.querySelector('[data-testid=recommendation-debug] {box}'); return [t.scrollWidth, t.clientWidth]; }}");
            Assert.True(size[0] <= size[1], $"the source scores' {box} scrolls sideways at 1366 px: {size[0]} > {size[1]}");
        }

        // The last column, the blended score, is inside the table's box.
        var scroller = (await probe.Page.Locator("[data-testid=recommendation-debug] .crm-table-scroll").BoundingBoxAsync())!;
        var last = (await table.Locator("thead th").Last.BoundingBoxAsync())!;
        Assert.Equal("Score mélangé", (await table.Locator("thead th").Last.InnerTextAsync()).Replace("\n", " ", StringComparison.Ordinal).Trim());
        Assert.True(last.X + last.Width <= scroller.X + scroller.Width + 0.5, $"the blended score column ends at {last.X + last.Width} px, its box at {scroller.X + scroller.Width} px");
        Assert.True(probe.Problems.Count == 0, "browser problems:\n" + string.Join("\n", probe.Problems));
    }

    private static async Task<int> TotalAsync(PageProbe probe, string url)
    {
        var response = await probe.Page.APIRequest.GetAsync(url);
        return (await response.JsonAsync())!.Value.GetProperty("total").GetInt32();
    }
}
