using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Ranking quality of one algorithm at k, averaged over customers; coverage = share of the catalogue
/// recommended to someone.</summary>
public sealed record RankingMetrics(double Recall, double Precision, double Ndcg, double Map, double Coverage);

public sealed record BacktestResult(int K, int Customers, DateOnly SplitDate, bool ExcludeKnown, IReadOnlyDictionary<string, RankingMetrics> Algorithms);

/// <summary>Settings of the recommendation sources, shared by the backtest and the real runs.</summary>
public sealed record RecommenderOptions(
    AlsOptions? Als = null,
    double RuleMinSupport = 0.005,
    double RuleMinConfidence = 0.05,
    int Neighbours = 50,
    double WeightMf = 0.35,
    double WeightItemKnn = 0.2,
    double WeightRules = 0.15,
    double WeightRebuy = 0.25,
    double WeightPopularity = 0.05);

/// <summary>
/// Trains every algorithm on the history before the split date, asks each for its top k for the customers
/// active on both sides of the split (at least one purchase before and one after), and scores them against the
/// products each actually bought after it.
/// </summary>
public static class Backtest
{
    public static BacktestResult Run(IReadOnlyList<Transaction> transactions, DateOnly splitDate, int k = 10, bool excludeKnown = false, RecommenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        options ??= new RecommenderOptions();
        var training = transactions.Where(t => t.Date < splitDate).ToList();
        var data = Interactions.Build(training, splitDate.AddDays(-1));
        var future = transactions.Where(t => t.Date >= splitDate && t.Quantity > 0 && data.UserIndex.ContainsKey(t.CustomerId))
            .GroupBy(t => data.UserIndex[t.CustomerId])
            .ToDictionary(g => g.Key, g => g.Where(t => data.ItemIndex.ContainsKey(t.ProductId)).Select(t => data.ItemIndex[t.ProductId]).ToHashSet());
        var sources = Sources.Build(data, training, options);
        var results = new Dictionary<string, RankingMetrics>(StringComparer.Ordinal);
        foreach (var source in sources.ForBacktest)
        {
            results[source.Name] = Evaluate(source, data, future, k, excludeKnown);
        }

        return new BacktestResult(k, future.Count(f => f.Value.Count > 0), splitDate, excludeKnown, results);
    }

    private static RankingMetrics Evaluate(ICandidateSource source, Interactions data, Dictionary<int, HashSet<int>> future, int k, bool excludeKnown)
    {
        double recall = 0, precision = 0, ndcg = 0, map = 0;
        var recommended = new HashSet<int>();
        var users = 0;
        var scores = new double[data.Items.Length];
        foreach (var (user, relevant) in future.OrderBy(f => f.Key))
        {
            var exclude = excludeKnown ? data.UserItems[user].ToHashSet() : null;
            var target = excludeKnown ? relevant.Where(i => !exclude!.Contains(i)).ToHashSet() : relevant;
            if (target.Count == 0)
            {
                continue;
            }

            source.Score(user, scores);
            var top = TopK.Of(scores, k, exclude).Select(s => s.Item).ToList();
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

/// <summary>Every candidate source trained on one history.</summary>
public sealed class Sources
{
    private Sources(Interactions data, PopularitySource popularity, ItemKnnSource itemKnn, RulesSource rules, IReadOnlyList<AssociationRule> ruleList, FactorsSource mf, RebuySource rebuy, HybridSource hybrid)
    {
        Data = data;
        Popularity = popularity;
        ItemKnn = itemKnn;
        Rules = rules;
        RuleList = ruleList;
        Mf = mf;
        Rebuy = rebuy;
        Hybrid = hybrid;
    }

    public Interactions Data { get; }

    public PopularitySource Popularity { get; }

    public ItemKnnSource ItemKnn { get; }

    public RulesSource Rules { get; }

    public IReadOnlyList<AssociationRule> RuleList { get; }

    public FactorsSource Mf { get; }

    public RebuySource Rebuy { get; }

    public HybridSource Hybrid { get; }

    /// <summary>popularity, itemKnn, rules, mf, hybrid — the algorithms the backtest compares.</summary>
    public IReadOnlyList<ICandidateSource> ForBacktest => [Popularity, ItemKnn, Rules, Mf, Hybrid];

    public static Sources Build(Interactions data, IReadOnlyList<Transaction> history, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var popularity = new PopularitySource(data);
        var knn = new ItemKnnSource(data, options.Neighbours);
        var ruleList = AssociationRules.Mine(history, options.RuleMinSupport, options.RuleMinConfidence);
        var rules = new RulesSource(data, ruleList);
        var mf = new FactorsSource(new ImplicitAls().Train(data, options.Als ?? new AlsOptions()));
        var rebuy = new RebuySource(data);
        var hybrid = new HybridSource(
            [(mf, options.WeightMf), (knn, options.WeightItemKnn), (rules, options.WeightRules), (rebuy, options.WeightRebuy), (popularity, options.WeightPopularity)],
            data.Items.Length);
        return new Sources(data, popularity, knn, rules, ruleList, mf, rebuy, hybrid);
    }
}
