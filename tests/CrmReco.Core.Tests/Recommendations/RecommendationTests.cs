using CrmReco.Core.Recommendations;
using CrmReco.Core.Transactions;
using MathNet.Numerics.LinearAlgebra;

namespace CrmReco.Core.Tests.Recommendations;

public sealed class RecommendationTests
{
    private static readonly DateOnly Day = new(2025, 6, 1);

    [Fact]
    public void Metrics_HandComputedCase()
    {
        var m = Backtest.Metrics([1, 2, 3], new HashSet<int> { 1, 3 }, 3);
        Assert.Equal(1.0, m.Recall);
        Assert.Equal(2 / 3.0, m.Precision, 12);
        Assert.Equal(1.5 / (1 + (1 / Math.Log2(3))), m.Ndcg, 12); // DCG 1 + 1/log2(4); IDCG 1 + 1/log2(3)
        Assert.Equal((1 + (2 / 3.0)) / 2, m.Map, 12);
        var miss = Backtest.Metrics([5, 6], new HashSet<int> { 1 }, 2);
        Assert.Equal(0, miss.Recall);
        Assert.Equal(0, miss.Ndcg);
    }

    [Fact]
    public void Rules_MatchABruteForceCount()
    {
        var random = new Random(4);
        var baskets = Enumerable.Range(0, 300)
            .Select(_ => Enumerable.Range(0, random.Next(1, 6)).Select(_ => "P" + random.Next(12)).Distinct().Order(StringComparer.Ordinal).ToArray())
            .ToList();
        var rules = AssociationRules.Mine(baskets, 0.02, 0.1);

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var both = baskets.Count(b => b.Contains(rule.Antecedent) && b.Contains(rule.Consequent));
            var x = baskets.Count(b => b.Contains(rule.Antecedent));
            var y = baskets.Count(b => b.Contains(rule.Consequent));
            Assert.Equal(both, rule.Count);
            Assert.Equal(both / 300.0, rule.Support, 12);
            Assert.Equal(both / (double)x, rule.Confidence, 12);
            Assert.Equal(both / (double)x / (y / 300.0), rule.Lift, 12);
        }

        // Nothing above the thresholds is missing.
        var items = baskets.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList();
        var expected = items.SelectMany(a => items.Where(b => b != a).Select(b => (a, b)))
            .Count(p => baskets.Count(s => s.Contains(p.a) && s.Contains(p.b)) / 300.0 >= 0.02
                && baskets.Count(s => s.Contains(p.a) && s.Contains(p.b)) / (double)baskets.Count(s => s.Contains(p.a)) >= 0.1);
        Assert.Equal(expected, rules.Count);
    }

    /// <summary>Users in three groups, each buying mostly its own five items, plus noise and two items everyone buys.</summary>
    private static List<Transaction> Planted(int seed, int users = 600)
    {
        var random = new Random(seed);
        var lines = new List<Transaction>();
        for (var u = 0; u < users; u++)
        {
            var group = u % 3;
            var day = Day.AddDays(-random.Next(700));
            for (var n = 0; n < 6; n++)
            {
                var item = random.NextDouble() switch
                {
                    < 0.7 => $"G{group}-{random.Next(5)}",
                    < 0.85 => $"POP-{random.Next(2)}",
                    _ => $"N-{random.Next(20)}",
                };
                var date = n < 4 ? day.AddDays(n) : Day.AddDays(30 + n);
                lines.Add(new Transaction("U" + u, $"O{u}-{n}", date, item, 1, 10));
            }
        }

        return lines;
    }

    // With the fixed weights the hybrid fell ~10 % below association rules at k = 5 without exclusion (0.616 vs
    // 0.686); with the weights chosen on the validation window it is at 0.690 (docs/recommendations.md).
    [Theory]
    [InlineData(10, false)]
    [InlineData(10, true)]
    [InlineData(5, false)]
    [InlineData(5, true)]
    public void Backtest_PlantedStructure_HybridBeatsPopularityAndStaysNearTheBestSource(int k, bool excludeKnown)
    {
        var result = Backtest.Run(Planted(1), Day, k, excludeKnown);

        var hybrid = result.Algorithms["hybrid"].Recall;
        Assert.True(hybrid >= 1.3 * result.Algorithms["popularity"].Recall, $"hybrid {hybrid:0.000} vs popularity {result.Algorithms["popularity"].Recall:0.000}");
        // On this data (no rebuys) item-kNN is as good as it gets and the hybrid only ties it (docs/recommendations.md):
        // a blend must at least never fall far below its best component.
        var best = result.Algorithms.Where(a => !a.Key.StartsWith("hybrid", StringComparison.Ordinal)).Max(a => a.Value.Recall);
        Assert.True(hybrid >= 0.95 * best, $"hybrid {hybrid:0.000} vs best single {best:0.000}");
        Assert.True(hybrid >= result.Algorithms["hybrid_fixed"].Recall - 0.01, $"chosen weights {result.Weights}: {hybrid:0.000} vs fixed {result.Algorithms["hybrid_fixed"].Recall:0.000}");
        Assert.Equal(["popularity", "seasonal", "itemKnn", "rules", "mf", "rebuy", "hybrid_fixed", "hybrid"], result.Algorithms.Keys);
    }

    [Fact]
    public void WeightTuning_NeverEndsBelowTheBestSingleSourceOnTheWindow()
    {
        var lines = Planted(2).Where(t => t.Date < Day).ToList();
        // One search on the whole window: averaging the searches of random halves carries no such guarantee.
        var options = new RecommenderOptions(Weights: new BlendWeights(0, 0, 0, 0, Popularity: 1), WeightBags: 1);
        var windowStart = Day.AddDays(-200);
        var alone = BlendWeights.Names.Select((_, c) =>
        {
            var single = new double[BlendWeights.Names.Count];
            single[c] = 1;
            return WeightTuning.Choose(lines, windowStart, Day, 5, false, options with { Weights = BlendWeights.FromArray(single) }, passes: 0).FixedValidationRecall;
        }).ToList();

        var choice = WeightTuning.Choose(lines, windowStart, Day, 5, false, options);

        Assert.True(choice.ValidationRecall >= alone.Max() - 1e-12, $"chosen {choice.ValidationRecall:0.000} ({choice.Weights}) vs best single {alone.Max():0.000}");
        Assert.True(choice.ValidationRecall > choice.FixedValidationRecall, "popularity alone is a poor start on planted groups");
    }

    [Fact]
    public void WeightTuning_Bagged_AveragesSearchesOnHalvesDeterministically()
    {
        // Every planted customer buys twice 34–35 days after Day: a window of 600 customers, enough for halves.
        var lines = Planted(2);
        var options = new RecommenderOptions(Weights: new BlendWeights(0, 0, 0, 0, Popularity: 1), WeightBags: 6);
        var split = Day.AddDays(60);

        var first = WeightTuning.Choose(lines, Day, split, 5, false, options);
        var second = WeightTuning.Choose(lines, Day, split, 5, false, options);
        var single = WeightTuning.Choose(lines, Day, split, 5, false, options with { WeightBags = 1 });

        Assert.True(first.ValidationCustomers >= WeightTuning.MinBaggedCustomers, $"{first.ValidationCustomers} customers");
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(1, first.Weights.ToArray().Sum(), 9); // each search's weights scaled to sum 1, then averaged
        Assert.NotEqual(single.Weights, first.Weights);
        Assert.True(first.ValidationRecall > first.FixedValidationRecall, $"bagged {first.ValidationRecall:0.000} ({first.Weights}) vs popularity alone {first.FixedValidationRecall:0.000}");
        Assert.True(first.ValidationRecall >= single.ValidationRecall - 0.02, $"bagged {first.ValidationRecall:0.000} ({first.Weights}) vs one search {single.ValidationRecall:0.000} ({single.Weights})");
    }

    [Fact]
    public void WeightTuning_SmallWindow_SearchesOnceOnAllCustomers()
    {
        var lines = Planted(2).Where(t => t.Date < Day).ToList();
        var options = new RecommenderOptions(Weights: new BlendWeights(0, 0, 0, 0, Popularity: 1));

        var bagged = WeightTuning.Choose(lines, Day.AddDays(-200), Day, 5, false, options);
        var single = WeightTuning.Choose(lines, Day.AddDays(-200), Day, 5, false, options with { WeightBags = 1 });

        Assert.True(bagged.ValidationCustomers < WeightTuning.MinBaggedCustomers, $"{bagged.ValidationCustomers} customers");
        Assert.Equal(single.Weights, bagged.Weights);
    }

    [Fact]
    public void InteractionsBuild_MatchesANaiveSumPerPair()
    {
        var random = new Random(12);
        var lines = Enumerable.Range(0, 3000).Select(n => new Transaction(
            "U" + random.Next(80), "O" + n, Day.AddDays(-random.Next(-20, 900)), "P" + random.Next(30), random.NextDouble() < 0.1 ? -random.Next(1, 4) : random.Next(1, 7), 10)).ToList();

        var data = Interactions.Build(lines, Day);

        var expected = lines.Where(t => t.Date <= Day)
            .GroupBy(t => (t.CustomerId, t.ProductId))
            .Select(g => (g.Key, Value: g.Aggregate(0.0, (sum, t) => sum + (t.Quantity * Math.Exp(-(Day.DayNumber - t.Date.DayNumber) / 730.0)))))
            .Where(p => p.Value > 0)
            .ToDictionary(p => p.Key, p => (float)p.Value);
        var actual = new Dictionary<(string, string), float>();
        for (var u = 0; u < data.Users.Length; u++)
        {
            for (var k = 0; k < data.UserItems[u].Length; k++)
            {
                actual[(data.Users[u], data.Items[data.UserItems[u][k]])] = data.UserValues[u][k];
            }

            Assert.True(data.UserItems[u].SequenceEqual(data.UserItems[u].Order()));
        }

        Assert.Equal(expected.OrderBy(p => p.Key).ToList(), actual.OrderBy(p => p.Key).ToList());
        Assert.Equal(data.Users.Order(StringComparer.Ordinal), data.Users);
        Assert.Equal(expected.Keys.Select(k => k.Item2).Distinct().Count(), data.Items.Length);
        for (var i = 0; i < data.Items.Length; i++)
        {
            Assert.Equal(expected.Keys.Count(k => k.Item2 == data.Items[i]), data.ItemBuyers[i]);
            Assert.Equal(data.ItemUsers[i].Select(u => actual[(data.Users[u], data.Items[i])]), data.ItemValues[i]);
        }
    }

    [Fact]
    public void Als_SameSeed_IdenticalFactorsWhateverTheParallelism()
    {
        var data = Interactions.Build(Planted(2), Day);
        var one = new ImplicitAls().Train(data, new AlsOptions(Factors: 8, Iterations: 4, MaxDegreeOfParallelism: 1));
        var two = new ImplicitAls().Train(data, new AlsOptions(Factors: 8, Iterations: 4, MaxDegreeOfParallelism: 2));
        Assert.Equal(one.UserFactors, two.UserFactors);
        Assert.Equal(one.ItemFactors, two.ItemFactors);
    }

    [Fact]
    public void ItemKnn_SameNeighboursWhateverTheParallelism()
    {
        var data = Interactions.Build(Planted(2), Day);
        var one = new ItemKnnSource(data, neighbours: 5, maxDegreeOfParallelism: 1);
        var two = new ItemKnnSource(data, neighbours: 5, maxDegreeOfParallelism: 2);
        var (a, b) = (new double[data.Items.Length], new double[data.Items.Length]);
        for (var u = 0; u < data.Users.Length; u++)
        {
            one.Score(u, a);
            two.Score(u, b);
            Assert.Equal(a, b);
            Assert.Contains(a, s => s > 0);
        }
    }

    [Fact]
    public void Als_LossDecreasesWithEveryIteration()
    {
        var data = Interactions.Build(Planted(3, users: 90), Day);
        var losses = Enumerable.Range(1, 6)
            .Select(i => ImplicitAls.Loss(data, new ImplicitAls().Train(data, new AlsOptions(Factors: 6, Iterations: i, CgSteps: 6)), new AlsOptions(Factors: 6, CgSteps: 6)))
            .ToList();
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-6), $"iteration {i + 1}: {losses[i]} > {losses[i - 1]}");
        }
    }

    [Fact]
    public void ConjugateGradient_EnoughSteps_MatchesTheDirectSolve()
    {
        var data = Interactions.Build(Planted(5, users: 60), Day);
        var options = new AlsOptions(Factors: 5, Iterations: 2);
        var factors = new ImplicitAls().Train(data, options);
        const int f = 5;
        const int user = 7;
        var yty = ImplicitAls.Gram(factors.ItemFactors, f, options.Regularization);

        // Direct: (YᵀY + λI + Σ (c−1) y yᵀ) x = Σ c y.
        var a = Matrix<double>.Build.Dense(f, f, (r, c) => yty[(r * f) + c]);
        var b = Vector<double>.Build.Dense(f);
        for (var k = 0; k < data.UserItems[user].Length; k++)
        {
            var y = Vector<double>.Build.Dense(f, j => factors.ItemFactors[(data.UserItems[user][k] * f) + j]);
            var confidence = 1 + (options.Alpha * data.UserValues[user][k]);
            a += (confidence - 1) * y.OuterProduct(y);
            b += confidence * y;
        }

        var direct = a.Solve(b);
        var x = new float[f];
        ImplicitAls.SolveRow(x, factors.ItemFactors, data.UserItems[user], data.UserValues[user], yty, f, options with { CgSteps = 20 }, new float[4 * f]);

        for (var j = 0; j < f; j++)
        {
            Assert.Equal(direct[j], x[j], 3);
        }
    }
}
