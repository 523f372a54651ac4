using System.Text.RegularExpressions;
using CrmReco.Api.Demo;
using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>What a person does with the dashboard, in a real browser against the real host and demo estate.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFlowTests(DashboardHost host)
{
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
        Assert.Empty(probe.Problems);
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
        await using var probe = await PageProbe.OpenAsync(host);
        await probe.LoginAsync(DemoSeeder.Email, DemoSeeder.Password);
        await probe.Page.GetByTestId("kpi-ytd").WaitForAsync(Visible);
        Assert.Equal("Vue d'ensemble", (await probe.Page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("€", await probe.Page.GetByTestId("kpi-ytd").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await probe.Page.Locator("svg path").CountAsync() > 3, "the revenue chart draws its lines");
        await probe.ScreenshotAsync("overview");
        Assert.Empty(probe.Problems);
    }
}
