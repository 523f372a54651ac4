using CrmReco.Api.Demo;
using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>The campaign pages in a real browser against the demo estate and its draft campaign.</summary>
[Collection(DashboardCollection.Name)]
public sealed class CampaignFlowTests(DashboardHost host)
{
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task DemoCampaign_OpenPreviewApprove_ShowsTheLoiEvinSentenceAndApproves()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(DashboardHost.MarketingEmail, DashboardHost.Password);
        await probe.Page.GetByTestId("nav-campaigns").ClickAsync();
        var row = probe.Page.Locator("[data-testid=campaigns] tbody tr", new() { HasText = DemoCampaign.Name }).First;
        await row.WaitForAsync(Visible);
        Assert.Contains("brouillon", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await probe.Page.GetByTestId("campaign-new").CountAsync());
        await probe.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await probe.ScreenshotAsync("campaigns");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await probe.Page.WaitForURLAsync("**/campaigns/*");
        await probe.Page.Locator("[data-testid=campaign-recipients] tbody tr").First.WaitForAsync(Visible);
        Assert.Contains(DemoCampaign.Name, await probe.Page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);

        await probe.Page.GetByTestId("campaign-preview-show").First.ClickAsync();
        await probe.Page.GetByTestId("campaign-preview-frame").WaitForAsync(Visible);
        var email = probe.Page.FrameLocator("[data-testid=campaign-preview-frame]").Locator("body");
        await email.GetByText("L'abus d'alcool est dangereux pour la santé", new() { Exact = false }).First.WaitForAsync(Visible);
        Assert.Equal("", await probe.Page.GetByTestId("campaign-preview-frame").GetAttributeAsync("sandbox"));
        await probe.Page.WaitForTimeoutAsync(500); // the preview's layout settles
        await probe.ScreenshotAsync("campaign");

        await probe.Page.GetByTestId("campaign-approve").ClickAsync();
        await probe.Page.GetByTestId("campaign-send").WaitForAsync(Visible);
        Assert.Equal("approuvée", (await probe.Page.GetByTestId("campaign-state").First.InnerTextAsync()).Trim());
        Assert.Equal(0, await probe.Page.GetByTestId("campaign-approve").CountAsync());
        Assert.True(probe.Problems.Count == 0, "browser problems:\n" + string.Join("\n", probe.Problems));
    }

    [Fact]
    public async Task Campaigns_AsViewer_ListsWithoutWriteControls()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(DashboardHost.ViewerEmail, DashboardHost.Password);
        await probe.Page.GotoAsync("/campaigns");
        await probe.Page.Locator("[data-testid=campaigns] tbody tr").First.WaitForAsync(Visible);
        Assert.Equal(0, await probe.Page.GetByTestId("campaign-new").CountAsync());
        Assert.True(probe.Problems.Count == 0, "browser problems:\n" + string.Join("\n", probe.Problems));
    }
}
