using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Ranking quality of one algorithm at k, averaged over customers; coverage = share of the catalogue
/// recommended to someone.</summary>
public sealed record RankingMetrics(double Recall, double Precision, double Ndcg, double Map, double Coverage);

/// <param name="Weights">The blend weights of "hybrid": chosen on the validation window, or the fixed ones.</param>
public sealed record BacktestResult(int K, int Customers, DateOnly SplitDate, bool ExcludeKnown, IReadOnlyDictionary<string, RankingMetrics> Algorithms, BlendWeights Weights, WeightChoice? Choice);

/// <summary>Writes a customer's scores for every item.</summary>
public delegate void ScoreInto(int user, Span<double> scores);

/// <summary>
/// Trains every algorithm on the history before the split date, asks each for its top k for the customers
/// active on both sides of the split (at least one purchase before and one after), and scores them against the
/// products each actually bought after it. The hybrid's weights are chosen on a validation window at the end
/// of the training history (<see cref="WeightTuning"/>), never on the evaluated period.
/// </summary>
public static class Backtest
{
    public static BacktestResult Run(
        IReadOnlyList<Transaction> transactions,
        DateOnly splitDate,
        int k = 10,
        bool excludeKnown = false,
        RecommenderOptions? options = null,
        IReadOnlyDictionary<string, CatalogueItem>? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        options ??= new RecommenderOptions();
        var training = transactions.Where(t => t.Date < splitDate).ToList();
        var data = Interactions.Build(training, splitDate.AddDays(-1));
        var future = Future(transactions, data, splitDate, DateOnly.MaxValue);
        var fixedWeights = options.Weights ?? new BlendWeights();
        WeightChoice? choice = null;
        if (options.TuneWeights)
        {
            var last = transactions.Count == 0 ? splitDate : transactions.Max(t => t.Date);
            var days = options.ValidationDays ?? Math.Clamp(last.DayNumber - splitDate.DayNumber + 1, 30, 365);
            choice = WeightTuning.Choose(training, splitDate.AddDays(-days), splitDate, k, excludeKnown, options, catalogue);
        }

        var sources = Sources.Build(data, training, options, splitDate.AddDays(-1), catalogue);
        var algorithms = new List<ICandidateSource> { sources.Popularity, sources.Seasonal, sources.ItemKnn, sources.Rules, sources.Mf, sources.Rebuy };
        if (sources.HasTraits)
        {
            algorithms.AddRange([sources.Upsell, sources.Discovery, sources.VarietyMix, sources.BuyAgain]);
        }

        if (choice is not null)
        {
            algorithms.Add(sources.Hybrid(fixedWeights, "hybrid_fixed"));
        }

        algorithms.Add(sources.Hybrid(choice?.Weights ?? fixedWeights));
        if (sources.HasTraits)
        {
            algorithms.Add(Scenarios(sources, training, data, splitDate.AddDays(-1)));
        }

        var results = new Dictionary<string, RankingMetrics>(StringComparer.Ordinal);
        foreach (var source in algorithms)
        {
            results[source.Name] = Evaluate(source, data, future, k, excludeKnown);
        }

        return new BacktestResult(k, future.Count(f => f.Value.Count > 0), splitDate, excludeKnown, results, choice?.Weights ?? fixedWeights, choice);
    }

    /// <summary>
    /// What <c>crmreco recommend</c> blends by default: each customer's scenario (from the analytics of the
    /// training history) picks its hand-set weights (<see cref="RecommendationEngine.WeightsOf"/>). Measured
    /// before the guardrails, which the backtest has no data for (consent, contacts, stock).
    /// </summary>
    private static ScenarioSource Scenarios(Sources sources, List<Transaction> training, Interactions data, DateOnly asOf)
    {
        var analytics = AnalyticsEngine.Run(training, new AnalyticsOptions(asOf)).Customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal);
        var scenarios = data.Users.Select(u => RecommendationEngine.ScenarioOf(analytics.GetValueOrDefault(u))).ToArray();
        var blends = scenarios.Distinct(StringComparer.Ordinal).ToDictionary(s => s, s => sources.Hybrid(RecommendationEngine.WeightsOf(s), s), StringComparer.Ordinal);
        return new ScenarioSource([.. scenarios.Select(s => blends[s])]);
    }

    private sealed class ScenarioSource(HybridSource[] byUser) : ICandidateSource
    {
        public string Name => "scenarios";

        public void Score(int user, Span<double> scores) => byUser[user].Score(user, scores);
    }

    /// <summary>Per training customer, the items they bought in [from, to).</summary>
    internal static Dictionary<int, HashSet<int>> Future(IEnumerable<Transaction> transactions, Interactions data, DateOnly from, DateOnly to) =>
        transactions.Where(t => t.Date >= from && t.Date < to && t.Quantity > 0 && data.UserIndex.ContainsKey(t.CustomerId))
            .GroupBy(t => data.UserIndex[t.CustomerId])
            .ToDictionary(g => g.Key, g => g.Where(t => data.ItemIndex.ContainsKey(t.ProductId)).Select(t => data.ItemIndex[t.ProductId]).ToHashSet());

    private static RankingMetrics Evaluate(ICandidateSource source, Interactions data, Dictionary<int, HashSet<int>> future, int k, bool excludeKnown) =>
        Evaluate(data, future, k, excludeKnown, source.Score);

    /// <summary>Averages the metrics of the top k of <paramref name="score"/> over the customers with a non-empty relevant set.</summary>
    internal static RankingMetrics Evaluate(Interactions data, Dictionary<int, HashSet<int>> future, int k, bool excludeKnown, ScoreInto score)
    {
        double recall = 0, precision = 0, ndcg = 0, map = 0;
        var recommended = new HashSet<int>();
        var users = 0;
        var scores = new double[data.Items.Length];
        var best = new Scored[k];
        var top = new List<int>(k);
        foreach (var (user, relevant) in future.OrderBy(f => f.Key))
        {
            var target = excludeKnown ? relevant.Where(i => Array.BinarySearch(data.UserItems[user], i) < 0).ToHashSet() : relevant;
            if (target.Count == 0)
            {
                continue;
            }

            score(user, scores);
            var count = TopK.Into(scores, best, excludeKnown ? data.UserItems[user] : default);
            top.Clear();
            for (var i = 0; i < count; i++)
            {
                top.Add(best[i].Item);
            }

            recommended.UnionWith(top);
            var metrics = Metrics(top, target, k);
            (recall, precision, ndcg, map) = (recall + metrics.Recall, precision + metrics.Precision, ndcg + metrics.Ndcg, map + metrics.Map);
            users++;
        }

        return users == 0
            ? new RankingMetrics(0, 0, 0, 0, 0)
            : new RankingMetrics(recall / users, precision / users, ndcg / users, map / users, recommended.Count / (double)data.Items.Length);
    }

    /// <summary>Recall@k, precision@k, NDCG@k (binary gains) and AP@k (normalized by min(|relevant|, k)) of one list.</summary>
    public static RankingMetrics Metrics(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        double hits = 0, dcg = 0, ap = 0;
        for (var position = 0; position < Math.Min(k, ranked.Count); position++)
        {
            if (relevant.Contains(ranked[position]))
            {
                hits++;
                dcg += 1 / Math.Log2(position + 2);
                ap += hits / (position + 1);
            }
        }

        var ideal = Enumerable.Range(0, Math.Min(k, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        return new RankingMetrics(
            relevant.Count == 0 ? 0 : hits / relevant.Count,
            hits / k,
            ideal == 0 ? 0 : dcg / ideal,
            relevant.Count == 0 ? 0 : ap / Math.Min(k, relevant.Count),
            0);
    }
}
