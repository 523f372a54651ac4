using CrmReco.Core.Recommendations;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.Recommendations;

public sealed class TasteSourceTests
{
    private static readonly DateOnly AsOf = new(2025, 12, 1);

    private static readonly CatalogueItem[] Wines =
    [
        new("RIE", "Riesling", "Riesling", "RIE", 10, true, Range: 0),
        new("RIE-RES", "Riesling Réserve", "Riesling", "RIE-RES", 14, true, Range: 1),
        new("RIE-GC", "Riesling Grand Cru", "Riesling", "RIE-GC", 29, true, Range: 2),
        new("GEW", "Gewurztraminer", "Gewurztraminer", "GEW", 12, true, Range: 0),
        new("GEW-VT", "Gewurztraminer VT", "Gewurztraminer", "GEW-VT", 34, true, Range: 3),
        new("PN", "Pinot Noir", "Pinot Noir", "PN", 12, true, Range: 0),
    ];

    private static Dictionary<string, CatalogueItem> Catalogue => Wines.ToDictionary(w => w.ProductId, StringComparer.Ordinal);

    private static Transaction Line(string customer, string product, int daysAgo = 100) => new(customer, customer + "-" + product, AsOf.AddDays(-daysAgo), product, 6, 60);

    private static double[] Scores(ICandidateSource source, Interactions data, string customer)
    {
        var scores = new double[data.Items.Length];
        source.Score(data.UserIndex[customer], scores);
        return scores;
    }

    [Fact]
    public void Upsell_ReserveBuyer_GetsTheNextLevelOfTheVarietyOnly()
    {
        List<Transaction> lines = [Line("A", "RIE-RES"), Line("A", "GEW"), Line("B", "RIE"), Line("B", "RIE-GC"), Line("C", "GEW-VT"), Line("C", "PN")];
        var data = Interactions.Build(lines, AsOf);
        var source = new UpsellSource(data, new ItemTraits(data, Catalogue));

        var a = Scores(source, data, "A");
        var scored = data.Items.Where((_, i) => a[i] > 0).Order(StringComparer.Ordinal).ToArray();

        // Réserve → Grand Cru for Riesling; Gewurztraminer has no level 1 or 2, so the step is the VT.
        Assert.Equal(["GEW-VT", "RIE-GC"], scored);
        Assert.Equal("RIE-RES", data.Items[source.SteppedFrom(data.UserIndex["A"], data.ItemIndex["RIE-GC"])!.Value]);
        // B already has the Riesling Grand Cru: the next Riesling level does not exist, nothing to propose.
        Assert.All(Scores(source, data, "B"), s => Assert.Equal(0, s));
    }

    [Fact]
    public void Discovery_UntriedVarietyOfLikeMindedCustomers_ScoresAboveOtherUntriedAndNeverTriedOnes()
    {
        var lines = new List<Transaction>();
        for (var c = 0; c < 30; c++)
        {
            lines.Add(Line("R" + c, "RIE"));
            lines.Add(Line("R" + c, c < 20 ? "PN" : "GEW")); // Riesling lovers mostly also buy Pinot Noir
        }

        lines.Add(Line("X", "RIE-RES"));
        var data = Interactions.Build(lines, AsOf);
        var source = new DiscoverySource(data, new ItemTraits(data, Catalogue));

        var x = Scores(source, data, "X");
        double S(string product) => x[data.ItemIndex[product]];

        Assert.True(S("PN") > S("GEW"), $"PN {S("PN")} vs GEW {S("GEW")}");
        Assert.True(S("GEW") > 0);
        Assert.Equal(0, S("RIE"));
        Assert.Equal(0, S("RIE-RES"));
        var why = source.BestReason(data.UserIndex["X"], data.ItemIndex["PN"]);
        Assert.Equal("Riesling", why!.Value.Liked);
        Assert.Equal(20 / 31.0, why.Value.Confidence, 9);
    }

    [Fact]
    public void Seasonal_SameMonthsOfPastYears_OutweighTheRestOfTheYear()
    {
        var lines = new List<Transaction>();
        for (var c = 0; c < 10; c++)
        {
            lines.Add(new Transaction("C" + c, "o" + c, new DateOnly(2024, 12, 10), "CRE", 6, 60)); // last December
            lines.Add(new Transaction("D" + c, "p" + c, new DateOnly(2025, 6, 10), "ROSE", 6, 60)); // last June
            lines.Add(new Transaction("E" + c, "q" + c, new DateOnly(2025, 7, 10), "ROSE", 6, 60));
        }

        var data = Interactions.Build(lines, AsOf);
        var seasonal = new SeasonalPopularitySource(data, lines, AsOf);
        var scores = new double[data.Items.Length];
        seasonal.Score(0, scores);

        Assert.Equal(10, scores[data.ItemIndex["CRE"]]);
        Assert.Equal(0, scores[data.ItemIndex["ROSE"]]);
        Assert.True(data.ItemBuyers[data.ItemIndex["ROSE"]] > data.ItemBuyers[data.ItemIndex["CRE"]]); // plain popularity says the opposite
    }

    [Fact]
    public void Rebuy_WholeWine_GoesToTheCurrentVintage()
    {
        var lines = new List<Transaction> { Line("A", "RIE-2021", daysAgo: 600), Line("A", "GEW-2022", daysAgo: 500), Line("Z", "RIE-2024", daysAgo: 400) };
        for (var c = 0; c < 9; c++)
        {
            lines.Add(Line("B" + c, "RIE-2023", daysAgo: 30));
        }

        lines.Add(Line("B0", "RIE-2021", daysAgo: 20));
        var data = Interactions.Build(lines, AsOf);
        var strength = data.UserValues[data.UserIndex["A"]][data.UserItems[data.UserIndex["A"]].IndexOf(data.ItemIndex["RIE-2021"])];

        // Current: the newest vintage sold over the last year (2024 last sold 400 days ago), all of it.
        var current = Scores(new RebuySource(data, new VintageShares(data, lines, AsOf)), data, "A");
        Assert.Equal(strength, current[data.ItemIndex["RIE-2023"]], 5);
        Assert.Equal(0, current[data.ItemIndex["RIE-2021"]]);
        Assert.Equal(0, current[data.ItemIndex["RIE-2024"]]);

        // Shares: every vintage by its recent buyers, +1 each (2023: 10, 2021: 2, 2024: 1 of 13).
        var shared = Scores(new RebuySource(data, new VintageShares(data, lines, AsOf, currentVintageOnly: false)), data, "A");
        Assert.Equal(strength * 10 / 13, shared[data.ItemIndex["RIE-2023"]], 5);
        Assert.Equal(strength * 2 / 13, shared[data.ItemIndex["RIE-2021"]], 5);
        var plain = Scores(new RebuySource(data), data, "A");
        Assert.Equal(0, plain[data.ItemIndex["RIE-2023"]]);
    }

    [Fact]
    public void BuyAgain_MixesOwnWinesAndTasteByTheEstatesRepeatRate()
    {
        // Last year, returning customers bought 4 lines of which 1 was a wine they had bought before: β = 0.25.
        var lines = new List<Transaction>
        {
            Line("A", "RIE", daysAgo: 500), Line("A", "RIE", daysAgo: 200), Line("A", "GEW", daysAgo: 200),
            Line("B", "PN", daysAgo: 300), Line("B", "GEW", daysAgo: 100), Line("B", "RIE-RES", daysAgo: 100),
            Line("C", "PN", daysAgo: 50),
        };
        var data = Interactions.Build(lines, AsOf);
        var traits = new ItemTraits(data, Catalogue);
        var frequency = RebuySource.LineStrengths(data, lines, AsOf);
        var taste = new VarietyMixSource(data, traits, frequency, BuyAgainSource.TastePrior);
        var source = new BuyAgainSource(data, lines, AsOf, new VintageShares(data, lines, AsOf), frequency, taste);
        Assert.Equal(0.25, source.RepeatRate, 10);

        var scores = Scores(source, data, "A");
        var tasteScores = Scores(taste, data, "A");
        var a = data.UserIndex["A"];
        double Own(string product) => frequency[a][Array.IndexOf(data.UserItems[a], data.ItemIndex[product])] / frequency[a].Sum();
        Assert.Equal((0.25 * Own("RIE")) + (0.75 * tasteScores[data.ItemIndex["RIE"]]), scores[data.ItemIndex["RIE"]], 6);
        Assert.Equal(0.75 * tasteScores[data.ItemIndex["PN"]], scores[data.ItemIndex["PN"]], 6);
        Assert.Equal(1, scores.Sum(), 5); // a mixture of two distributions over the catalogue
        Assert.True(scores[data.ItemIndex["RIE"]] > scores[data.ItemIndex["RIE-RES"]], "own wine above an equally liked wine of the same grape");
    }

    [Fact]
    public void Explain_BuyAgain_IsARebuyForAWineAlreadyBoughtElseATasteReason()
    {
        var lines = new List<Transaction> { Line("A", "RIE", daysAgo: 300) with { OrderId = "o1" }, Line("A", "RIE", daysAgo: 100) with { OrderId = "o2" }, Line("B", "PN"), Line("B", "GEW"), Line("C", "GEW") };
        var data = Interactions.Build(lines, AsOf);
        var sources = Sources.Build(data, lines, new RecommenderOptions(Als: new AlsOptions(Factors: 2, Iterations: 1)), AsOf, Catalogue);
        var ranks = new PopularityRanks(new int[data.Items.Length], new int[data.Items.Length], new int[data.Items.Length]);
        var mine = lines.Where(t => t.CustomerId == "A").ToList();
        Reason Explain(string product) => Explainer.Explain(
            new Explained("buyAgain", data.ItemIndex[product], product, Catalogue[product], ["Riesling"], null, mine, data.UserIndex["A"]), sources, ranks, Catalogue);

        var rebuy = Explain("RIE");
        Assert.Equal(ReasonText.Rebuy, rebuy.Code);
        Assert.Equal("2", rebuy.Parameters["times"]);
        var untried = Explain("GEW");
        Assert.Equal(ReasonText.Discovery, untried.Code);
        Assert.Equal("Gewurztraminer", untried.Parameters["variety"]);
    }

    [Fact]
    public void Explain_VarietyMix_OnATriedGrape_IsATasteMatchRankedAmongThatGrapesWines()
    {
        var lines = new List<Transaction> { Line("A", "RIE", daysAgo: 300) with { OrderId = "o1" }, Line("A", "RIE-RES", daysAgo: 100) with { OrderId = "o2" }, Line("A", "GEW", daysAgo: 100) with { OrderId = "o2" }, Line("B", "RIE-GC"), Line("B", "PN") };
        var data = Interactions.Build(lines, AsOf);
        var sources = Sources.Build(data, lines, new RecommenderOptions(Als: new AlsOptions(Factors: 2, Iterations: 1)), AsOf, Catalogue);
        // Overall popularity order: PN, RIE-GC, GEW, RIE-RES, RIE → among the Rieslings: RIE-GC 1, RIE-RES 2, RIE 3.
        var overall = new int[data.Items.Length];
        string[] order = ["PN", "RIE-GC", "GEW", "RIE-RES", "RIE"];
        for (var r = 0; r < order.Length; r++)
        {
            overall[data.ItemIndex[order[r]]] = r + 1;
        }

        var ranks = PopularityRanks.Of(overall, overall, [.. data.Items.Select(id => Catalogue[id].Variety)]);
        var mine = lines.Where(t => t.CustomerId == "A").ToList();

        var reason = Explainer.Explain(new Explained("varietyMix", data.ItemIndex["RIE-GC"], "RIE-GC", Catalogue["RIE-GC"], ["Riesling", "Gewurztraminer"], null, mine, data.UserIndex["A"]), sources, ranks, Catalogue);

        Assert.Equal(ReasonText.TasteMatch, reason.Code);
        Assert.Equal("Riesling", reason.Parameters["variety"]);
        Assert.Equal("2", reason.Parameters["orders"]);
        Assert.Equal("1", reason.Parameters["rank"]);
        Assert.Equal([1, 2, 3], new[] { "RIE-GC", "RIE-RES", "RIE" }.Select(id => ranks.WithinVariety[data.ItemIndex[id]]));
    }

    [Fact]
    public void Explain_Rebuy_NamesTheVintageBoughtAndNoRhythmForAOneOrderCustomer()
    {
        var wines = new Dictionary<string, CatalogueItem>(Catalogue, StringComparer.Ordinal)
        {
            ["RIE-2021"] = new("RIE-2021", "Riesling 2021", "Riesling", "RIE", 10, true, Range: 0),
            ["RIE-2023"] = new("RIE-2023", "Riesling 2023", "Riesling", "RIE", 10, true, Range: 0),
        };
        var lines = new List<Transaction> { Line("A", "RIE-2021", daysAgo: 200), Line("B", "RIE-2023", daysAgo: 20) };
        var data = Interactions.Build(lines, AsOf);
        var sources = Sources.Build(data, lines, new RecommenderOptions(Als: new AlsOptions(Factors: 2, Iterations: 1)), AsOf, wines);
        var ranks = new PopularityRanks(new int[data.Items.Length], new int[data.Items.Length], new int[data.Items.Length]);
        var oneOrder = new CrmReco.Core.Analytics.CustomerAnalytics("A", 213, 1, 60, 1, 1, 1, "new", 0.5, 0, 0, 0, 0, 365, AsOf, false, 0, 1, "unknown", "Riesling");

        var reason = Explainer.Explain(new Explained("rebuy", data.ItemIndex["RIE-2023"], "RIE-2023", wines["RIE-2023"], ["Riesling"], oneOrder, [lines[0]], data.UserIndex["A"]), sources, ranks, wines);

        Assert.Equal(ReasonText.Rebuy, reason.Code);
        Assert.Equal("Riesling 2021", reason.Parameters["product"]);
        Assert.False(reason.Parameters.ContainsKey("gapMonths"));
        Assert.Equal("Vous avez acheté Riesling 2021 une fois ; dernière commande il y a 7 mois", ReasonText.Render(reason, "fr"));
        Assert.Equal("You bought Riesling 2021 once; last order 7 months ago", ReasonText.Render(reason, "en"));
    }

    [Theory]
    [InlineData("fr", "1", "3", "Vous appréciez le Riesling (3 commandes) : voici notre Riesling le plus demandé")]
    [InlineData("en", "1", "3", "You enjoy Riesling (3 orders): here is our most popular Riesling")]
    [InlineData("fr", "2", "1", "Vous appréciez le Riesling (1 commande) : l'un de nos Riesling les plus demandés (n° 2)")]
    [InlineData("en", "2", "1", "You enjoy Riesling (1 order): one of our most popular Riesling wines (#2)")]
    public void Render_TasteMatch(string language, string rank, string orders, string expected) =>
        Assert.Equal(expected, ReasonText.Render(Reason.Of(ReasonText.TasteMatch, ("product", "RIE-GC"), ("variety", "Riesling"), ("orders", orders), ("rank", rank)), language));

    [Fact]
    public void Explain_RebuyOfAWineBoughtTwice_QuotesThatWinesCadence()
    {
        var wines = new Dictionary<string, CatalogueItem>(StringComparer.Ordinal)
        {
            ["RIE-2021"] = new("RIE-2021", "Riesling 2021", "Riesling", "RIE", 10, true, Range: 0),
            ["RIE-2023"] = new("RIE-2023", "Riesling 2023", "Riesling", "RIE", 10, true, Range: 0),
            ["PN-2022"] = new("PN-2022", "Pinot Noir 2022", "Pinot Noir", "PN", 10, true, Range: 0),
        };
        // Riesling bought 365 and 183 days ago (182 days apart), Pinot Noir between: the customer's own rhythm differs.
        var lines = new List<Transaction> { Line("A", "RIE-2021", daysAgo: 365), Line("A", "PN-2022", daysAgo: 300), Line("A", "RIE-2023", daysAgo: 183), Line("B", "RIE-2023", daysAgo: 20) };
        var data = Interactions.Build(lines, AsOf);
        var sources = Sources.Build(data, lines, new RecommenderOptions(Als: new AlsOptions(Factors: 2, Iterations: 1)), AsOf, wines);
        var ranks = new PopularityRanks(new int[data.Items.Length], new int[data.Items.Length], new int[data.Items.Length]);
        var threeOrders = new CrmReco.Core.Analytics.CustomerAnalytics("A", 183, 3, 180, 3, 3, 3, "loyal", 0.9, 0, 0, 0, 0, 91, AsOf, false, 0, 2, "balanced", "Riesling");
        var customerLines = lines.Where(l => l.CustomerId == "A").ToList();

        var reason = Explainer.Explain(new Explained("rebuy", data.ItemIndex["RIE-2023"], "RIE-2023", wines["RIE-2023"], ["Riesling"], threeOrders, customerLines, data.UserIndex["A"]), sources, ranks, wines);

        Assert.Equal("wine", reason.Parameters["cadence"]);
        Assert.Equal("Vous avez acheté Riesling 2023 2 fois ; vous commandez ce vin tous les 6 mois environ ; dernière commande il y a 6 mois", ReasonText.Render(reason, "fr"));
        Assert.Equal("You bought Riesling 2023 2 times; you order this wine about every 6 months; last order 6 months ago", ReasonText.Render(reason, "en"));

        // Bought once: the customer's own cadence, said as such.
        var once = Explainer.Explain(new Explained("rebuy", data.ItemIndex["PN-2022"], "PN-2022", wines["PN-2022"], ["Riesling"], threeOrders, customerLines, data.UserIndex["A"]), sources, ranks, wines);
        Assert.Equal("customer", once.Parameters["cadence"]);
        Assert.Equal("Vous avez acheté Pinot Noir 2022 une fois ; vous commandez en général tous les 3 mois ; dernière commande il y a 6 mois", ReasonText.Render(once, "fr"));
    }

    [Theory]
    [InlineData("fr", "Vous avez acheté Riesling 3 fois ; vous commandez en général tous les 11 mois ; dernière commande il y a 12 mois")]
    [InlineData("en", "You bought Riesling 3 times; you usually order every 11 months; last order 12 months ago")]
    public void Render_RebuyWithTheCustomersRhythm(string language, string expected) =>
        Assert.Equal(expected, ReasonText.Render(Reason.Of(ReasonText.Rebuy, ("product", "Riesling"), ("times", 3), ("gapMonths", 11.0), ("monthsSince", 12.2)), language));

    [Theory]
    [InlineData("Riesling", false, "Riesling")]
    [InlineData(null, true, "Crémant")]
    [InlineData(null, false, null)]
    public void CatalogueItem_TastesBySparklingStyleWhenTheGrapeIsUnknown(string? variety, bool sparkling, string? expected)
    {
        var product = new CrmReco.Core.Storage.ProductRow { Article = "CRE-BRUT", Label = "Crémant d'Alsace Brut", Variety = variety, IsSparkling = sparkling };
        Assert.Equal(expected, RecommendationInputs.Item(product).Variety);
    }

    [Fact]
    public void LineStrengths_CountsPurchasesNotQuantities()
    {
        // A: one case of 12 Gewurztraminer, three single bottles of Riesling, a credit note on the Riesling.
        var lines = new List<Transaction>
        {
            new("A", "o1", AsOf, "GEW", 12, 120),
            new("A", "o2", AsOf, "RIE", 1, 10),
            new("A", "o3", AsOf, "RIE", 1, 10),
            new("A", "o4", AsOf, "RIE", 1, 10),
            new("A", "c1", AsOf, "RIE", -1, -10),
            new("A", "o5", AsOf.AddDays(-730), "PN", 1, 12),
        };
        var data = Interactions.Build(lines, AsOf);
        var strengths = RebuySource.LineStrengths(data, lines, AsOf);
        var a = data.UserIndex["A"];
        float Of(string product) => strengths[a][Array.IndexOf(data.UserItems[a], data.ItemIndex[product])];

        Assert.Equal(1, Of("GEW"), 5);
        Assert.Equal(3, Of("RIE"), 5);
        Assert.Equal(Math.Exp(-1), Of("PN"), 5);
        var byQuantity = Scores(new RebuySource(data), data, "A");
        var byLines = Scores(new RebuySource(data, null, strengths), data, "A");
        Assert.True(byQuantity[data.ItemIndex["GEW"]] > byQuantity[data.ItemIndex["RIE"]]);
        Assert.True(byLines[data.ItemIndex["RIE"]] > byLines[data.ItemIndex["GEW"]]);
    }

    [Fact]
    public void VarietyMix_RanksTheCustomersGrapesFirstThenByBuyers()
    {
        // A drinks Riesling; across the estate Pinot Noir and the classic Riesling sell most (5 buyers each).
        var lines = new List<Transaction> { Line("A", "RIE-RES"), Line("A", "RIE-RES", daysAgo: 200) };
        for (var c = 0; c < 5; c++)
        {
            lines.Add(Line("P" + c, "PN"));
            lines.Add(Line("R" + c, "RIE"));
        }

        lines.Add(Line("G", "GEW"));
        var data = Interactions.Build(lines, AsOf);
        var traits = new ItemTraits(data, Catalogue);
        var scores = Scores(new VarietyMixSource(data, traits, RebuySource.LineStrengths(data, lines, AsOf)), data, "A");
        double S(string product) => scores[data.ItemIndex[product]];

        Assert.True(S("RIE") > S("RIE-RES"), "within Riesling, more buyers first");
        Assert.True(S("RIE") > S("PN"), "the customer's grape before an equally bought wine of another grape");
        Assert.True(S("PN") > S("GEW"), "other grapes by the estate's shares");
        Assert.True(S("GEW") > 0);
        Assert.Equal(1, scores.Sum(), 5); // P(v | u) · P(i | v) sums to 1 over the catalogue
    }

    [Fact]
    public void Mmr_TradesRelevanceForVarietyAccordingToLambda()
    {
        double[] relevance = [1.0, 0.95, 0.9, 0.5];
        string[] variety = ["A", "A", "B", "C"];
        double Similar(int i, int j) => variety[i] == variety[j] ? 1 : 0;

        Assert.Equal([0, 1, 2], Diversity.Mmr(relevance, Similar, 3, 1.0));
        Assert.Equal([0, 2, 1], Diversity.Mmr(relevance, Similar, 3, 0.7));
        Assert.Equal([0, 2, 3], Diversity.Mmr(relevance, Similar, 3, 0.5));
        Assert.Equal([0, 2, 3, 1], Diversity.Mmr(relevance, Similar, 10, 0.5));
    }

    [Fact]
    public void TopKInto_MatchesAStableSortWithExclusions()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var scores = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (double)random.Next(6)).ToArray();
            var exclude = Enumerable.Range(0, scores.Length).Where(_ => random.NextDouble() < 0.2).ToArray();
            var k = random.Next(0, 12);
            var expected = Enumerable.Range(0, scores.Length).Where(i => !exclude.Contains(i)).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();

            var best = new Scored[k];
            var count = TopK.Into(scores, best, exclude);

            Assert.Equal(expected, best.Take(count).Select(s => s.Item));
            Assert.Equal(expected, TopK.Of(scores, k, exclude.ToHashSet()).Select(s => s.Item));
        }
    }

    [Theory]
    [InlineData("fr", "Un cran au-dessus de Riesling Réserve, déjà apprécié : Riesling Grand Cru")]
    [InlineData("en", "A step up from Riesling Réserve, already enjoyed: Riesling Grand Cru")]
    public void Render_Upsell(string language, string expected) =>
        Assert.Equal(expected, ReasonText.Render(Reason.Of(ReasonText.Upsell, ("product", "Riesling Grand Cru"), ("from", "Riesling Réserve")), language));

    [Theory]
    [InlineData("fr", "À découvrir : un Pinot Noir, cépage pas encore goûté ; 65 % des amateurs de Riesling en achètent")]
    [InlineData("en", "To discover: a Pinot Noir, a grape not tried yet; 65 % of Riesling lovers buy it")]
    public void Render_DiscoveryWithItsReason(string language, string expected) =>
        Assert.Equal(expected, ReasonText.Render(Reason.Of(ReasonText.Discovery, ("product", "PN"), ("variety", "Pinot Noir"), ("liked", "Riesling"), ("share", 65.0)), language));

    [Theory]
    [InlineData("fr", "À découvrir : un Crémant, style pas encore goûté")]
    [InlineData("en", "To discover: a Crémant, a style not tried yet")]
    public void Render_DiscoveryOfCremant_CallsItAStyle(string language, string expected) =>
        Assert.Equal(expected, ReasonText.Render(Reason.Of(ReasonText.Discovery, ("product", "CRE-BRUT"), ("variety", "Crémant")), language));

    [Theory]
    [InlineData("fr", "Très demandé à cette période de l'année (n° 2)")]
    [InlineData("en", "Much in demand at this time of year (#2)")]
    public void Render_Seasonal(string language, string expected) =>
        Assert.Equal(expected, ReasonText.Render(Reason.Of(ReasonText.Seasonal, ("product", "CRE"), ("rank", 2)), language));
}
