using CrmReco.Api.Demo;
using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>The campaign pages in a real browser against the demo estate and its draft campaign.</summary>
[Collection(DashboardCollection.Name)]
public sealed class CampaignFlowTests(DashboardHost host)
{
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task DemoCampaign_EditPreviewApproveSend_SendsToTheOutboxAndShowsTheFollowUp()
    {
        await using var probe = await PageProbe.OpenAsync(host);
        probe.Expected.Add("/preview/"); // the broken template's preview answers 422 on purpose
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

        // The draft: a new name, saved.
        var renamed = DemoCampaign.Name + " (relue)";
        await probe.Page.GetByText("Modifier le brouillon", new() { Exact = false }).ClickAsync();
        await probe.Page.GetByLabel("Nom", new() { Exact = true }).FillAsync(renamed);
        // The save's answer says which side failed if the heading does not follow (a CI run once timed out here).
        var saved = await probe.Page.RunAndWaitForResponseAsync(
            () => probe.Page.GetByTestId("draft-save").ClickAsync(),
            r => r.Request.Method == "PUT" && r.Url.Contains("/api/campaigns/", StringComparison.Ordinal),
            new() { Timeout = 60_000 });
        var savedBody = await saved.TextAsync();
        Assert.True(saved.Status == 200, $"the draft's save answered {saved.Status}: {savedBody}");
        using (var answer = System.Text.Json.JsonDocument.Parse(savedBody))
        {
            Assert.Equal(renamed, answer.RootElement.GetProperty("campaign").GetProperty("name").GetString());
        }

        await probe.Page.Locator("h1", new() { HasText = renamed }).WaitForAsync(Visible);

        // The template: a Liquid error is said in French and blocks the approval; the original renders again.
        await probe.Page.GetByText("Modifier le modèle d'e-mail", new() { Exact = false }).ClickAsync();
        var html = probe.Page.GetByLabel("Partie HTML (Liquid)");
        await html.WaitForAsync(Visible);
        var original = await html.InputValueAsync();
        await html.FillAsync(original.Replace("{% endfor %}", "", StringComparison.Ordinal));
        await probe.Page.GetByTestId("template-preview").ClickAsync();
        var error = probe.Page.GetByTestId("template-error");
        await error.WaitForAsync(Visible);
        Assert.Contains("erreur de syntaxe Liquid", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await probe.Page.GetByTestId("campaign-approve").IsDisabledAsync(), "a template that does not render blocks the approval");
        await probe.Page.WaitForTimeoutAsync(500); // the previews' layout settles
        await probe.ScreenshotAsync("campaign-template-error");
        await html.FillAsync(original.Replace("{{ greeting }}", "{{ greeting }} Merci de votre fidélité.", StringComparison.Ordinal));
        await probe.Page.GetByTestId("template-preview").ClickAsync();
        await probe.Page.FrameLocator("[data-testid=template-preview-frame]").Locator("body").GetByText("Merci de votre fidélité.", new() { Exact = false }).WaitForAsync(Visible);
        Assert.Equal(0, await error.CountAsync());
        await probe.Page.WaitForTimeoutAsync(500); // the previews' layout settles
        await probe.ScreenshotAsync("campaign-template");

        // Approve, then send to the outbox (no Brevo key) and follow the sending and its report.
        await probe.Page.GetByTestId("campaign-approve").ClickAsync();
        await probe.Page.GetByTestId("campaign-send").WaitForAsync(Visible);
        Assert.Equal("approuvée", (await probe.Page.GetByTestId("campaign-state").First.InnerTextAsync()).Trim());
        Assert.Equal(0, await probe.Page.GetByTestId("campaign-approve").CountAsync());
        await probe.Page.GetByTestId("campaign-send").ClickAsync();
        await probe.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer maintenant" }).ClickAsync();
        await probe.Page.GetByTestId("campaign-results").WaitForAsync(new() { Timeout = 120_000 });
        Assert.Equal("envoyée", (await probe.Page.GetByTestId("campaign-state").First.InnerTextAsync()).Trim());
        // Sent as the KPI says (the send checks the audience rules again: a customer erased meanwhile is not sent), one .eml each.
        var sent = System.Text.RegularExpressions.Regex.Match(await probe.Page.GetByTestId("campaign-treatment").InnerTextAsync(), @"Envoyés : (\d+)");
        Assert.True(sent.Success, "the recipients card shows the sent count");
        var outbox = Directory.GetDirectories(host.OutboxFolder).Single();
        Assert.Equal(int.Parse(sent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Directory.GetFiles(outbox, "*.eml").Length);
        Assert.True(Directory.GetFiles(outbox, "*.eml").Length > 0);
        Assert.Equal(0, await probe.Page.GetByTestId("campaign-send").CountAsync());
        Assert.Contains("Groupe", await probe.Page.GetByTestId("campaign-results").InnerTextAsync(), StringComparison.Ordinal);
        await probe.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await probe.Page.WaitForTimeoutAsync(500); // the previews' layout settles
        await probe.ScreenshotAsync("campaign-sent");
        var problems = probe.Problems.Where(p => !p.Contains("status of 422", StringComparison.Ordinal)).ToList(); // the browser logs the provoked 422
        Assert.True(problems.Count == 0, "browser problems:\n" + string.Join("\n", problems));
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
