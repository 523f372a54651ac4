using CrmReco.Core.Analytics;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.Recommendations;

public sealed class EngineTests
{
    private static readonly DateOnly AsOf = new(2025, 12, 1);

    private static (List<Transaction> Lines, List<CatalogueItem> Catalogue) Estate()
    {
        var random = new Random(3);
        var lines = new List<Transaction>();
        string[] wines = ["RIE-2021", "RIE-2022", "GEW-2022", "PG-2022", "PN-2021", "CRE-BRUT", "CRE-ROSE", "SYL-2022"];
        for (var c = 0; c < 120; c++)
        {
            for (var o = 0; o < 3; o++)
            {
                var date = AsOf.AddDays(-random.Next(60, 700));
                foreach (var wine in wines.OrderBy(_ => random.Next()).Take(2))
                {
                    lines.Add(new Transaction("C" + c, $"O{c}-{o}", date, wine, 6, 60));
                }
            }
        }

        lines.Add(new Transaction("C1", "AV:1", AsOf.AddDays(-10), "CRE-ROSE", -1, -10)); // a return
        var catalogue = wines.Select(w => new CatalogueItem(w, "Vin " + w, w.Split('-')[0], RecommendationEngine.WineKeyOf(w), 10, Available: w != "SYL-2022")).ToList();
        return (lines, catalogue);
    }

    private static RecommendationRun Run(IReadOnlyList<CustomerInfo> customers, int k = 3)
    {
        var (lines, catalogue) = Estate();
        var analytics = AnalyticsEngine.Run(lines, new AnalyticsOptions(AsOf));
        return RecommendationEngine.Run(lines, catalogue, customers, analytics, new RecommendationEngineOptions(AsOf, k, Sources: new RecommenderOptions(new AlsOptions(Factors: 8, Iterations: 5))));
    }

    [Fact]
    public void Run_EveryPlan_KeepsEachSourcesScoreOfItsWinesAndOfAFewRemovedCandidates()
    {
        var run = Run(Enumerable.Range(0, 120).Select(c => new CustomerInfo("C" + c, true, null)).ToList(), k: 3);

        Assert.Contains(run.Customers, p => p.Scores!.Any(s => s.RemovedBy is not null));
        foreach (var plan in run.Customers)
        {
            var scores = plan.Scores!;
            Assert.Equal(plan.Items.Select(i => (i.ProductId, i.Score)), scores.Where(s => s.RemovedBy is null).Select(s => (s.ProductId, s.Blend)));
            var removed = scores.Where(s => s.RemovedBy is not null).ToList();
            Assert.InRange(removed.Count, 0, 3);
            Assert.All(removed, r => Assert.Contains(run.Removed, x => x.CustomerId == plan.CustomerId && x.ProductId == r.ProductId && x.Rule == r.RemovedBy));
            var weights = RecommendationEngine.WeightsOf(plan.Scenario).ToArray();
            foreach (var s in scores)
            {
                Assert.Equal(BlendWeights.Names.Count, s.Sources.Length);
                // NaN exactly where the blend gives the source no weight; the blend is Σ weight × normalized score.
                Assert.Equal(weights.Select(w => w == 0), s.Sources.Select(float.IsNaN));
                Assert.All(s.Sources.Where(x => !float.IsNaN(x)), x => Assert.InRange(x, 0f, 1f));
                Assert.InRange(s.Sources.Select((x, i) => float.IsNaN(x) ? 0 : weights[i] * x).Sum() - s.Blend, -1e-4, 1e-4); // the blend is rounded to 4 decimals
            }
        }
    }

    [Fact]
    public void Run_NonEmailableCustomer_KeepsRecommendationsMarkedNotEmailableWithoutEndDate()
    {
        var run = Run([new CustomerInfo("C1", true, null), new CustomerInfo("C2", false, null)]);

        var c2 = run.Customers.Single(c => c.CustomerId == "C2");
        Assert.NotEmpty(c2.Items);
        Assert.Equal(new EmailBlock(EmailRules.NotEmailable, null), c2.EmailBlock);
        Assert.DoesNotContain(run.Removed, r => r.CustomerId == "C2" && r.ProductId == "*");
        Assert.Null(run.Customers.Single(c => c.CustomerId == "C1").EmailBlock);
        Assert.Equal(1, run.BlockedByRule[EmailRules.NotEmailable]);
    }

    [Fact]
    public void Run_RecentContact_KeepsRecommendationsMarkedUntilTheWindowEnds()
    {
        var run = Run([new CustomerInfo("C3", true, AsOf.AddDays(-3))]);

        var plan = run.Customers.Single();
        Assert.NotEmpty(plan.Items);
        Assert.Equal(EmailRules.SilenceWindow, plan.EmailBlock!.Rule);
        Assert.Equal(AsOf.AddDays(11), plan.EmailBlock.Until); // last contact + 14 days
        Assert.DoesNotContain(run.Removed, r => r.Rule == EmailRules.SilenceWindow);
    }

    [Fact]
    public void Run_BlockedCustomer_GetsTheSameWinesAsIfEmailable()
    {
        var blocked = Run([new CustomerInfo("C5", false, AsOf.AddDays(-1))]).Customers.Single();
        var free = Run([new CustomerInfo("C5", true, null)]).Customers.Single();

        Assert.Equal(EmailRules.NotEmailable, blocked.EmailBlock!.Rule); // the first rule that blocks
        Assert.Equal(free.Items.Select(i => (i.ProductId, i.Score, i.TextEn)), blocked.Items.Select(i => (i.ProductId, i.Score, i.TextEn)));
    }

    [Fact]
    public void Run_EveryPlan_RespectsKDiversityAvailabilityReturnsAndIsExplained()
    {
        var run = Run(Enumerable.Range(0, 120).Select(c => new CustomerInfo("C" + c, true, null)).ToList(), k: 3);

        foreach (var plan in run.Customers)
        {
            Assert.True(plan.Items.Count <= 3);
            Assert.Equal(plan.Items.Count, plan.Items.Select(i => RecommendationEngine.WineKeyOf(i.ProductId)).Distinct().Count());
            Assert.DoesNotContain(plan.Items, i => i.ProductId == "SYL-2022"); // not available
            Assert.All(plan.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.TextFr)));
            Assert.All(plan.Items, i => Assert.NotEqual(i.TextFr, i.TextEn));
            Assert.Equal(Enumerable.Range(1, plan.Items.Count), plan.Items.Select(i => i.Rank));
        }

        Assert.DoesNotContain(run.Customers.Single(c => c.CustomerId == "C1").Items, i => i.ProductId == "CRE-ROSE"); // returned 10 days ago
        Assert.Contains(run.Removed, r => r.Rule == "product_available");
        Assert.Contains(run.Customers, c => c.Items.Count == 3);
    }

    [Fact]
    public void Run_SameInput_SamePlansWhateverTheParallelism()
    {
        var (lines, catalogue) = Estate();
        var analytics = AnalyticsEngine.Run(lines, new AnalyticsOptions(AsOf));
        var customers = Enumerable.Range(0, 120).Select(c => new CustomerInfo("C" + c, c % 7 != 0, null)).ToList();
        string Flat(int threads)
        {
            var run = RecommendationEngine.Run(lines, catalogue, customers, analytics,
                new RecommendationEngineOptions(AsOf, 3, Sources: new RecommenderOptions(new AlsOptions(Factors: 8, Iterations: 5)), MaxDegreeOfParallelism: threads)); // ALS, item-kNN and the plans on `threads`
            return string.Join('\n', run.Customers.SelectMany(c => c.Items.Select(i => $"{c.CustomerId} {c.Scenario} {i.Rank} {i.ProductId} {i.Score} {i.Source} {i.TextEn}")))
                + string.Join('\n', run.Removed);
        }

        var one = Flat(1);
        Assert.Equal(one, Flat(2));
        Assert.Contains("C1 ", one, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LearnedWeights_BlendEveryKnownCustomerWithThem()
    {
        var (lines, catalogue) = Estate();
        var analytics = AnalyticsEngine.Run(lines, new AnalyticsOptions(AsOf));
        var customers = Enumerable.Range(0, 40).Select(c => new CustomerInfo("C" + c, true, null)).ToList();
        var sources = new RecommenderOptions(new AlsOptions(Factors: 8, Iterations: 5));

        var choice = RecommendationEngine.LearnWeights(lines, catalogue, AsOf, validationDays: 180, sources: sources);
        Assert.Equal(AsOf.AddDays(1 - 180), choice.ValidationStart);
        Assert.True(choice.ValidationCustomers > 0);
        Assert.True(choice.ValidationRecall >= choice.FixedValidationRecall, $"{choice.ValidationRecall} < {choice.FixedValidationRecall}");
        Assert.Equal(choice, RecommendationEngine.LearnWeights(lines, catalogue, AsOf, validationDays: 180, sources: sources));

        // Popularity alone: every customer's first proposal is the best seller they may be offered, whatever their scenario.
        var popular = RecommendationEngine.Run(lines, catalogue, customers, analytics,
            new RecommendationEngineOptions(AsOf, 3, Sources: sources, LearnedWeights: new BlendWeights(0, 0, 0, 0, Popularity: 1)));
        Assert.All(popular.Customers.Where(c => c.Items.Count > 0), c => Assert.All(c.Items, i => Assert.Equal("popularity", i.Source)));
        Assert.Contains(popular.Customers, c => c.Scenario != "cross_sell" && c.Items.Count > 0);
    }

    [Fact]
    public void Run_CustomerWithoutHistory_GetsWhatSellsAtThisTimeOfYear()
    {
        var run = Run([new CustomerInfo("NEW", true, null)]);

        var plan = run.Customers.Single();
        Assert.Equal(3, plan.Items.Count);
        Assert.All(plan.Items, i => Assert.Equal("seasonal", i.Source));
        Assert.All(plan.Items, i => Assert.Equal(ReasonText.Seasonal, i.Reason.Code));
        Assert.Equal("1", plan.Items[0].Reason.Parameters["rank"]);
        Assert.Equal(3, plan.Items.Select(i => i.Reason.Parameters["rank"]).Distinct().Count());
    }

    [Fact]
    public void Run_UpsellScenario_ProposesTheNextRangeWithItsReason()
    {
        // Regular buyers of the Riesling Réserve; the Grand Cru exists and is bought by others.
        var lines = new List<Transaction>();
        for (var c = 0; c < 40; c++)
        {
            for (var o = 0; o < 8; o++)
            {
                var product = c < 20 ? "RIE-RES" : (o % 2 == 0 ? "RIE-GC" : "GEW");
                lines.Add(new Transaction("C" + c, $"O{c}-{o}", AsOf.AddDays(-20 - (o * 45) - c), product, 6, c < 20 ? 84 : 180));
            }
        }

        CatalogueItem[] catalogue =
        [
            new("RIE-RES", "Riesling Réserve", "Riesling", "RIE-RES", 14, true, Range: 1),
            new("RIE-GC", "Riesling Grand Cru", "Riesling", "RIE-GC", 20, true, Range: 2),
            new("GEW", "Gewurztraminer", "Gewurztraminer", "GEW", 15, true, Range: 0),
        ];
        var computed = AnalyticsEngine.Run(lines, new AnalyticsOptions(AsOf));
        var analytics = computed with
        {
            Customers = computed.Customers.Select(c => c with { ProbabilityAlive = 0.9, IsDue = false, FScore = 5 }).ToList(), // a frequent, active buyer
        };
        var scenario = RecommendationEngine.ScenarioOf(analytics.Customers.Single(c => c.CustomerId == "C3"));
        var run = RecommendationEngine.Run(lines, catalogue, [new CustomerInfo("C3", true, null)], analytics,
            new RecommendationEngineOptions(AsOf, 3, Sources: new RecommenderOptions(new AlsOptions(Factors: 4, Iterations: 3))));

        Assert.Equal("upsell", scenario);
        var item = run.Customers.Single().Items.Single(i => i.ProductId == "RIE-GC");
        Assert.Equal("upsell", item.Source);
        Assert.Equal(ReasonText.Upsell, item.Reason.Code);
        Assert.Equal("Un cran au-dessus de Riesling Réserve, déjà apprécié : Riesling Grand Cru", item.TextFr);
    }

    [Theory]
    [InlineData("rebuy_due", "fr", "Vous avez acheté Riesling 3 fois ; vous commandez en général tous les 11 mois ; dernière commande il y a 12 mois")]
    [InlineData("rebuy_due", "en", "You bought Riesling 3 times; you usually order every 11 months; last order 12 months ago")]
    [InlineData("co_purchase_rule", "fr", "62 % des clients qui ont acheté Crémant Brut ont aussi acheté Riesling (lift 3,1)")]
    [InlineData("co_purchase_rule", "en", "62 % of customers who bought Crémant Brut also bought Riesling (lift 3.1)")]
    public void Render_ReasonInBothLanguages(string code, string language, string expected)
    {
        var reason = Reason.Of(code, ("product", "Riesling"), ("times", 3), ("gapMonths", 11.0), ("monthsSince", 12.0), ("antecedent", "Crémant Brut"), ("confidence", 62.0), ("lift", 3.1));
        Assert.Equal(expected, ReasonText.Render(reason, language));
    }

    [Theory]
    [InlineData("RIE-GC-SCH-2019", "RIE-GC-SCH")]
    [InlineData("CRE-BRUT", "CRE-BRUT")]
    [InlineData("X-12345", "X-12345")]
    public void WineKeyOf_StripsTheVintage(string article, string key) => Assert.Equal(key, RecommendationEngine.WineKeyOf(article));

    [Fact]
    public void ScenarioOf_FollowsTheAnalyticsSignals()
    {
        CustomerAnalytics A(int orders, double pAlive, bool due, int f) =>
            new("x", 10, orders, 100, 3, f, 3, "loyal", pAlive, 0, 0, 0, 0, 90, AsOf, due, 0, 1, "unknown", null);
        Assert.Equal("winback", RecommendationEngine.ScenarioOf(A(4, 0.2, false, 4)));
        Assert.Equal("rebuy", RecommendationEngine.ScenarioOf(A(4, 0.9, true, 4)));
        Assert.Equal("nurture", RecommendationEngine.ScenarioOf(A(1, 1, false, 1)));
        Assert.Equal("upsell", RecommendationEngine.ScenarioOf(A(6, 0.9, false, 5)));
        Assert.Equal("cross_sell", RecommendationEngine.ScenarioOf(A(2, 0.9, false, 2)));
        Assert.Equal("nurture", RecommendationEngine.ScenarioOf(null));
    }
}
