using CrmReco.Web.Campaigns;
using CrmReco.Web.Components;
using CrmReco.Web.Pages;
using CrmReco.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CrmReco.Web.Tests.Components;

/// <summary>The recommendation debug view, the customer list's export buttons by role, and the template errors in French.</summary>
public sealed class ReviewComponentsTests : DashboardTestContext, IAsyncLifetime
{
    public ReviewComponentsTests()
    {
        UseCannedApi();
    }

    [Fact]
    public void DebugView_StoredRun_ShowsWeightsItemsRemovalsAndDecisionsInFrench()
    {
        var debug = new RecommendationDebug("C00042", 3, new DateOnly(2026, 10, 28), "rebuy", "loyal", "Fidèles", false,
            [new SourceWeight("buyAgain", 0.5), new SourceWeight("rebuy", 0.3)],
            [new RecommendationDebugItem(1, "RIES-22", "Riesling 2022", 0.8123, "rebuy", "rebuy_due", new Dictionary<string, string> { ["times"] = "3" },
                "Vous avez acheté Riesling 2022 3 fois", "You bought Riesling 2022 3 times", "rejected")],
            [new RemovedCandidate("GEW-21", "Gewurztraminer 2021", "price_band"), new RemovedCandidate("PG-21", null, "price_band"), new RemovedCandidate("CRE", "Crémant", "product_available")],
            PerSourceScoresStored: false);
        var view = Render<RecommendationDebugView>(p => p.Add(c => c.Debug, debug));

        Assert.Contains("Pourquoi ces vins pour C00042", view.Find("h2").TextContent, StringComparison.Ordinal);
        var summary = view.Find("[data-testid=debug-summary]").TextContent;
        Assert.Contains("réachat", summary, StringComparison.Ordinal);
        Assert.Contains("Fidèles", summary, StringComparison.Ordinal);
        Assert.Contains("Pas joignable par e-mail", summary, StringComparison.Ordinal);
        var weights = view.FindAll("[data-testid=debug-weights] tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, weights.Count);
        Assert.Contains("vins déjà achetés", weights[0], StringComparison.Ordinal);
        Assert.Contains("50", weights[0], StringComparison.Ordinal);
        var item = view.Find("[data-testid=debug-items] tbody tr").TextContent;
        Assert.Contains("0,812", item, StringComparison.Ordinal);
        Assert.Contains("rachat à échéance", item, StringComparison.Ordinal);
        Assert.Contains("times=3", item, StringComparison.Ordinal);
        Assert.Equal("écartée", view.Find("[data-testid=debug-decision]").TextContent.Trim());
        var removed = view.FindAll("[data-testid=debug-removed] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("hors de sa gamme de prix habituelle", removed[0], StringComparison.Ordinal);
        Assert.Contains("PG-21", removed[0], StringComparison.Ordinal); // no label: the article code
        Assert.Contains("plus en stock", removed[1], StringComparison.Ordinal);
        Assert.Single(view.FindAll("[data-testid=debug-missing]"));
        Assert.Empty(view.FindAll("[data-testid=debug-source-scores]"));
    }

    [Fact]
    public void DebugView_StoredSourceScores_ShowsEachSourceTheBlendAndTheRemovedCandidates()
    {
        var debug = new RecommendationDebug("C00042", 3, new DateOnly(2026, 10, 28), "rebuy", "loyal", "Fidèles", true,
            [new SourceWeight("buyAgain", 0.5), new SourceWeight("rebuy", 0.3), new SourceWeight("mf", 0.1)],
            [new RecommendationDebugItem(1, "RIES-22", "Riesling 2022", 0.8123, "buyAgain", "rebuy_due", new Dictionary<string, string>(),
                "Vous avez acheté Riesling 2022", "You bought Riesling 2022", null, [new SourceScore("mf", 0.25), new SourceScore("buyAgain", 1), new SourceScore("rebuy", 0.9)])],
            [new RemovedCandidate("GEW-21", "Gewurztraminer 2021", "price_band")],
            PerSourceScoresStored: true,
            [new ScoredRemoval("GEW-21", "Gewurztraminer 2021", "price_band", 0.91, [new SourceScore("buyAgain", 0.5), new SourceScore("rebuy", 1)])]);
        var view = Render<RecommendationDebugView>(p => p.Add(c => c.Debug, debug));

        var headers = view.FindAll("[data-testid=debug-source-scores] thead th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Vin", "vins déjà achetés", "rachat à échéance", "goûts proches (factorisation)", "Score mélangé"], headers); // in the order of the weights
        var rows = view.FindAll("[data-testid=debug-source-row]").Select(r => r.Children.Skip(1).Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["1,00", "0,90", "0,25", "0,812"], rows[0]);
        Assert.Equal(["0,50", "1,00", "—", "0,910"], rows[1]);
        // The outcome under each wine's name, where a narrow screen still shows it.
        Assert.Equal(["recommandé (n° 1)", "écarté : hors de sa gamme de prix habituelle"], view.FindAll("[data-testid=debug-outcome]").Select(o => o.TextContent.Trim()));
        Assert.StartsWith("Gewurztraminer 2021", view.FindAll("[data-testid=debug-source-row] th")[1].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-testid=debug-missing]"));
    }

    [Theory]
    [InlineData(BlendWeightOrigins.Scenario, "poids par défaut du scénario")]
    [InlineData(BlendWeightOrigins.ColdStart, "client sans historique d'achat : la saison seule")]
    public void DebugView_WeightsOrigin_IsLabelled(string origin, string label)
    {
        var view = Render<RecommendationDebugView>(p => p.Add(c => c.Debug, DebugOf(origin)));

        Assert.StartsWith(label, view.Find("[data-testid=debug-weights-origin]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecommendationsPage_RunWithLearnedWeights_ShowsTheLearnedWeightsLabelled()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/runs/recommendations"] = new Page<RecommendationRunItem>([new RecommendationRunItem(3, new DateTimeOffset(2026, 10, 28, 2, 0, 0, TimeSpan.Zero), new DateOnly(2026, 10, 28), 3, 1, 1, 0)], 1, 0, 10);
        Answers["/api/recommendations/reviews"] = Array.Empty<RecommendationReview>();
        Answers["/api/recommendations"] = new Page<RecommendedItem>([], 0, 0, 25);
        Answers["/api/recommendations/debug/C00042"] = DebugOf(BlendWeightOrigins.Learned);
        Services.GetRequiredService<NavigationManager>().NavigateTo("recommendations?customer=C00042");

        var page = Render<RecommendationsPage>();

        await page.WaitForAssertionAsync(() => Assert.Single(page.FindAll("[data-testid=recommendation-debug]")));
        Assert.StartsWith("poids appris", page.Find("[data-testid=debug-weights-origin]").TextContent.Trim(), StringComparison.Ordinal);
        var weights = page.FindAll("[data-testid=debug-weights] tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, weights.Count);
        Assert.Contains("goûts proches (factorisation)", weights[0], StringComparison.Ordinal);
        Assert.Contains("60", weights[0], StringComparison.Ordinal);
    }

    /// <summary>A customer's debug view whose weights come from <paramref name="origin"/>.</summary>
    private static RecommendationDebug DebugOf(string origin) =>
        new("C00042", 3, new DateOnly(2026, 10, 28), "rebuy", "loyal", "Fidèles", true,
            [new SourceWeight("mf", 0.6), new SourceWeight("rebuy", 0.4)],
            [new RecommendationDebugItem(1, "RIES-22", "Riesling 2022", 0.96, "rebuy", "rebuy_due", new Dictionary<string, string>(),
                "Vous avez acheté Riesling 2022", "You bought Riesling 2022", null, [new SourceScore("mf", 0.9), new SourceScore("rebuy", 1)])],
            [], PerSourceScoresStored: true, [], origin);

    [Theory]
    [InlineData(RoleNames.Viewer, false)]
    [InlineData(RoleNames.Marketing, true)]
    [InlineData(RoleNames.Admin, true)]
    public void CustomersPage_Role_ShowsTheExportButtonsOnlyToMarketing(string role, bool shown)
    {
        SignIn(role);
        Answers["/api/segments"] = new SegmentReport(1, new DateOnly(2026, 10, 28), []);
        Answers["/api/customers"] = new Page<CustomerListItem>([new CustomerListItem("C1", "Muller", "Anne", "a@b.fr", true, "67000", "Strasbourg", false, false, "loyal", "Fidèles", "Loyal", "rebuy", 120, 0.8, 300, 3)], 1, 0, 25);
        var page = Render<CustomersPage>();
        page.WaitForAssertion(() => Assert.Contains("Muller", page.Find("[data-testid=customer-grid]").TextContent, StringComparison.Ordinal));
        Assert.Equal(shown, page.FindAll("[data-testid=customer-export-csv]").Count == 1);
        Assert.Equal(shown, page.FindAll("[data-testid=customer-export-xlsx]").Count == 1);
        if (shown)
        {
            Assert.StartsWith("api/customers/export?format=xlsx", page.Find("[data-testid=customer-export-xlsx]").GetAttribute("href"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Template 'default' (fr): the text part lacks the Loi Évin message (\"L'abus…\"): add {{ evin }}.", "la partie texte ne contient pas le message Loi Évin : ajoutez {{ evin }}.")]
    [InlineData("Template 'default' (fr): the HTML part lacks the unsubscribe link: add {{ unsubscribe_url }}.", "la partie HTML ne contient pas le lien de désinscription : ajoutez {{ unsubscribe_url }}.")]
    [InlineData("Template 'x' (en): the HTML part does not parse: '{% endfor %}' was expected", "la partie HTML contient une erreur de syntaxe Liquid ('{% endfor %}' was expected).")]
    [InlineData("Template 'x' (fr): the subject part fails to render: boom", "la partie objet échoue au rendu (boom).")]
    [InlineData("Approval blocked (customer C00007): Template 'x' (fr): the subject part fails to render: boom", "Approbation impossible (client C00007) : la partie objet échoue au rendu (boom).")]
    [InlineData("Template 'x' (fr) no longer exists.", "le modèle de la campagne n'existe plus.")]
    public void TemplateErrorText_ApiMessage_IsSaidInFrench(string detail, string expected) =>
        Assert.Equal(expected, TemplateErrorText.Of(detail, Services.GetRequiredService<IStringLocalizer<Strings>>()));

    [Fact]
    public void TemplateErrorText_ProblemDetails_ReadsTheDetail() =>
        Assert.Equal("the reason", TemplateErrorText.DetailOf("{\"title\":\"The template does not render\",\"status\":422,\"detail\":\"the reason\"}"));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
