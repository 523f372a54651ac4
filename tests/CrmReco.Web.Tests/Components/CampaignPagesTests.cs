using CrmReco.Contracts.Campaigns;
using CrmReco.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Web.Tests.Components;

/// <summary>The campaign pages over canned API answers (the HTTP layer only is replaced, the client is the real one).</summary>
public sealed class CampaignPagesTests : DashboardTestContext, IAsyncLifetime
{
    public CampaignPagesTests()
    {
        UseCannedApi();
    }

    [Fact]
    public void List_EveryState_ShowsFrenchLabels()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/campaigns"] = new[]
        {
            Summary(1, CampaignStates.Draft), Summary(2, CampaignStates.Approved), Summary(3, CampaignStates.Sending),
            Summary(4, CampaignStates.Sent), Summary(5, CampaignStates.Cancelled),
        };
        var page = Render<CampaignsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=campaigns] tbody tr").Count));
        var states = page.FindAll("[data-testid=campaign-state]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["annulée", "envoyée", "envoi en cours", "approuvée", "brouillon"], states);
        Assert.Contains("Campagne 4", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void List_Viewer_HasNoNewCampaignButton()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/campaigns"] = new[] { Summary(1, CampaignStates.Draft) };
        var page = Render<CampaignsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=campaigns] tbody tr")));
        Assert.Empty(page.FindAll("[data-testid=campaign-new]"));
    }

    [Theory]
    [InlineData(RoleNames.Marketing)]
    [InlineData(RoleNames.Admin)]
    public void List_MarketingOrAdmin_HasNewCampaignButton(string role)
    {
        SignIn(role);
        Answers["/api/campaigns"] = Array.Empty<CampaignSummary>();
        var page = Render<CampaignsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=empty]")));
        Assert.Contains("Nouvelle campagne", page.Find("[data-testid=campaign-new]").TextContent, StringComparison.Ordinal);
        Assert.Contains("groupe témoin", page.Find("[data-testid=empty]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CampaignStates.Draft, RoleNames.Marketing, "approve,cancel,remove")]
    [InlineData(CampaignStates.Approved, RoleNames.Marketing, "send,cancel")]
    [InlineData(CampaignStates.Sending, RoleNames.Admin, "send,cancel")]
    [InlineData(CampaignStates.Sent, RoleNames.Marketing, "")]
    [InlineData(CampaignStates.Cancelled, RoleNames.Admin, "")]
    [InlineData(CampaignStates.Draft, RoleNames.Viewer, "")]
    [InlineData(CampaignStates.Approved, RoleNames.Viewer, "")]
    public void Detail_StateAndRole_ShowsOnlyTheAllowedButtons(string state, string role, string expected)
    {
        SignIn(role);
        Answers["/api/campaigns/7"] = Detail(7, state);
        Answers["/api/campaigns/7/report"] = Report();
        var page = Render<CampaignPage>(p => p.Add(c => c.Id, 7));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=campaign-recipients] tbody tr")));
        var shown = new[] { "approve", "send", "cancel", "remove" }.Where(b => page.FindAll($"[data-testid=campaign-{b}]").Count > 0);
        Assert.Equal(expected, string.Join(',', shown));
    }

    [Fact]
    public void Detail_Sent_ShowsResultsPerGroupAndExclusionsInFrench()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/campaigns/7"] = Detail(7, CampaignStates.Sent);
        Answers["/api/campaigns/7/report"] = Report();
        var page = Render<CampaignPage>(p => p.Add(c => c.Id, 7));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=campaign-results]")));
        var results = page.Find("[data-testid=campaign-results]").TextContent.Replace('\u202F', ' ').Replace('\u00A0', ' ');
        Assert.Contains("témoin", results, StringComparison.Ordinal);
        Assert.Contains("1 234,50 €", results, StringComparison.Ordinal);
        Assert.Contains("indicatif", results, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=campaign-not-measurable]"));
        Assert.Contains("pas de consentement", page.Find("[data-testid=campaign-exclusions]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Detail_SentAfterTheLatestSales_SaysNotYetMeasurableInsteadOfIndicative()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/campaigns/7"] = Detail(7, CampaignStates.Sent);
        // Sent on 1 December, latest sale imported 30 November: the window has not begun; the estimator has nothing.
        Answers["/api/campaigns/7/report"] = new CampaignReport(7, "Campagne 7", DateTimeOffset.UnixEpoch, new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 30), 30,
            [new("treatment", 9, 0, 0, 0, 0, 0, 0), new("control", 1, 0, 0, 0, 0, 0, 0)], null, null, null, new EngagementCounts(0, 0, 0, 0, 0, 0, 0, 0), "no sales after the send");
        var page = Render<CampaignPage>(p => p.Add(c => c.Id, 7));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=campaign-results]")));

        Assert.Equal("pas encore mesurable", page.Find("[data-testid=campaign-not-measurable]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=campaign-indicative]"));
        Assert.NotNull(page.Find("[data-testid=campaign-no-sales-yet]"));
    }

    [Fact]
    public void New_Marketing_LabelsEveryInputAndDefaultsTheControlShareToTenPercent()
    {
        SignIn(RoleNames.Marketing);
        Answers["/api/segments"] = new SegmentReport(1, new DateOnly(2026, 12, 1), [new("champions", "Champions", "Champions", 40, 1000, 500, 0.9)]);
        var page = Render<CampaignNewPage>();
        var labels = page.FindAll("label").Select(l => l.TextContent.Trim()).ToList();
        foreach (var expected in new[] { "Nom", "Objet de l'e-mail", "Segments", "Scénarios", "Part du groupe témoin (%)" })
        {
            Assert.Contains(labels, l => l.StartsWith(expected, StringComparison.Ordinal));
        }

        Assert.Contains(page.FindAll("input"), i => i.GetAttribute("value") == "10");
        Assert.True(page.Find("[data-testid=campaign-create]").HasAttribute("disabled"), "no name, no creation");
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static CampaignCounts Counts() =>
        new(12, 9, 1, 2, 0, 0, 0, 9, new Dictionary<string, int> { [ExclusionReasons.NoConsent] = 2, [ExclusionReasons.ControlGroup] = 1 });

    private static CampaignSummary Summary(long id, string state) =>
        new(id, "Campagne " + id, state, 1, "Nos vins", "default", "fr", null, 0.1, 2026, new DateTimeOffset(2026, 12, (int)id, 9, 0, 0, TimeSpan.Zero), "marie", null, null, null, Counts());

    private static CampaignDetail Detail(long id, string state) =>
        new(Summary(id, state), [], [], [],
        [
            new("C00001", "a@example.fr", "Anne", "champions", "rebuy", CampaignGroups.Treatment, state == CampaignStates.Sent ? RecipientStatuses.Sent : RecipientStatuses.Pending, null, null, null, null, []),
            new("C00002", "b@example.fr", "Bruno", "champions", "rebuy", CampaignGroups.Control, RecipientStatuses.Excluded, ExclusionReasons.ControlGroup, null, null, null, []),
            new("C00003", null, "Chloé", "new", "nurture", null, RecipientStatuses.Excluded, ExclusionReasons.NoConsent, null, null, null, []),
        ]);

    private static CampaignReport Report() =>
        new(7, "Campagne 7", DateTimeOffset.UnixEpoch, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), 30,
            [new("treatment", 9, 3, 3, 12, 1234.5, 137.17, 0.33), new("control", 1, 0, 0, 0, 0, 0, 0)],
            new UpliftFigure(137.17, -20, 290, true), null, 1234.5, new EngagementCounts(9, 5, 2, 0, 0, 0, 0, 0), null);
}
