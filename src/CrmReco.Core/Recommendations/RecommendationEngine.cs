using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A product as the engine sees it. <paramref name="WineKey"/> groups the vintages of one wine;
/// <paramref name="Range"/> is its level in the range (<see cref="WineRange"/>), null when unknown.</summary>
public sealed record CatalogueItem(string ProductId, string? Label, string? Variety, string WineKey, double? BottlePrice, bool Available, int? Range = null);

/// <summary>A customer as the guardrails see them.</summary>
public sealed record CustomerInfo(string CustomerId, bool Emailable, DateOnly? LastContact);

/// <summary>One recommended product, ranked, with the source that proposed it and why.</summary>
public sealed record Recommendation(int Rank, string ProductId, string? Label, double Score, string Source, Reason Reason, string TextFr, string TextEn);

/// <summary>A customer's scenario and recommendations.</summary>
public sealed record CustomerPlan(string CustomerId, string Scenario, IReadOnlyList<Recommendation> Items);

/// <summary>A candidate a guardrail (or the diversity re-rank) removed; product "*" when the whole customer was.</summary>
public sealed record GuardrailRemoval(string CustomerId, string ProductId, string Rule);

public sealed record RecommendationRun(DateOnly AsOf, int K, IReadOnlyList<CustomerPlan> Customers, IReadOnlyList<GuardrailRemoval> Removed)
{
    public IReadOnlyDictionary<string, int> RemovedByRule => Removed.GroupBy(r => r.Rule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>Settings of a recommendation run.</summary>
/// <param name="MmrLambda">Relevance against variety diversity in the final re-rank (1: relevance only).</param>
public sealed record RecommendationEngineOptions(DateOnly AsOf, int K = 3, int Candidates = 30, RecommenderOptions? Sources = null, GuardrailOptions? Guardrails = null, double MmrLambda = 0.7);

/// <summary>
/// For every customer: a scenario from the analytics signals, blended candidate scores with scenario weights,
/// named guardrails (each removal recorded), no two vintages of one wine, an MMR re-rank on variety, the top K
/// with a reason each.
/// </summary>
public static class RecommendationEngine
{
    private static readonly Dictionary<string, BlendWeights> ScenarioWeights = new(StringComparer.Ordinal)
    {
        ["rebuy"] = new(Mf: 0.2, ItemKnn: 0.1, Rules: 0.1, Rebuy: 0.6, Popularity: 0),
        ["winback"] = new(Mf: 0.3, ItemKnn: 0.2, Rules: 0.1, Rebuy: 0.3, Popularity: 0.05, Seasonal: 0.05),
        ["cross_sell"] = new(Mf: 0.35, ItemKnn: 0.2, Rules: 0.2, Rebuy: 0, Popularity: 0.05, Seasonal: 0.05, Discovery: 0.15),
        ["upsell"] = new(Mf: 0.3, ItemKnn: 0.2, Rules: 0.15, Rebuy: 0.05, Popularity: 0, Upsell: 0.3),
        ["nurture"] = new(Mf: 0.2, ItemKnn: 0.25, Rules: 0.25, Rebuy: 0, Popularity: 0.05, Seasonal: 0.1, Discovery: 0.15),
    };

    /// <summary>The blend weights of a scenario.</summary>
    public static BlendWeights WeightsOf(string scenario) => ScenarioWeights[scenario];

    /// <summary>WINBACK when BG/NBD thinks a regular has probably lapsed, REBUY when the rebuy window is open,
    /// NURTURE for one-order customers, UP-SELL for frequent buyers, else CROSS-SELL.</summary>
    public static string ScenarioOf(CustomerAnalytics? a) => a switch
    {
        null => "nurture",
        { Orders: >= 2, ProbabilityAlive: < 0.5 } => "winback",
        { IsDue: true, Orders: >= 2 } => "rebuy",
        { Orders: <= 1 } => "nurture",
        { FScore: >= 4 } => "upsell",
        _ => "cross_sell",
    };

    public static RecommendationRun Run(
        IReadOnlyList<Transaction> transactions,
        IReadOnlyList<CatalogueItem> catalogue,
        IReadOnlyList<CustomerInfo> customers,
        AnalyticsResult? analytics,
        RecommendationEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        var history = transactions.Where(t => t.Date <= options.AsOf).ToList();
        var data = Interactions.Build(history, options.AsOf);
        var products = catalogue.ToDictionary(c => c.ProductId, StringComparer.Ordinal);
        var sources = Sources.Build(data, history, options.Sources ?? new RecommenderOptions(), options.AsOf, products);
        var analyticsById = analytics?.Customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal) ?? [];
        var guardrails = Guardrails.Default(options.Guardrails);
        var byCustomer = history.GroupBy(t => t.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var n = data.Items.Length;
        var ranks = new PopularityRanks(Rank(data, sources.Popularity), Rank(data, sources.Seasonal));
        var itemProducts = data.Items.Select(id => products.GetValueOrDefault(id)).ToArray();
        var plans = new List<CustomerPlan>();
        var removed = new List<GuardrailRemoval>();
        var components = sources.Components;
        var buffers = components.Select(_ => new double[n]).ToArray();
        var blended = new double[n];
        var best = new Scored[Math.Max(0, Math.Min(options.Candidates, n))];
        var survivors = new List<(Scored Candidate, string Source, CatalogueItem? Product)>();
        var wines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var customer in customers.OrderBy(c => c.CustomerId, StringComparer.Ordinal))
        {
            var a = analyticsById.GetValueOrDefault(customer.CustomerId);
            var scenario = ScenarioOf(a);
            var lines = byCustomer.GetValueOrDefault(customer.CustomerId) ?? [];
            var context = Context(customer, lines, options.AsOf);
            if (guardrails.FirstOrDefault(g => g.ExcludesCustomer(context)) is { } excluding)
            {
                removed.Add(new GuardrailRemoval(customer.CustomerId, "*", excluding.Name));
                plans.Add(new CustomerPlan(customer.CustomerId, scenario, []));
                continue;
            }

            var weights = ScenarioWeights[scenario].ToArray();
            Array.Clear(blended);
            var known = data.UserIndex.TryGetValue(customer.CustomerId, out var user);
            if (!known)
            {
                // Cold start: what sells at this time of year, and lately.
                weights = new BlendWeights(0, 0, 0, 0, 0, Seasonal: 1).ToArray();
            }

            for (var s = 0; s < components.Count; s++)
            {
                if (weights[s] != 0)
                {
                    components[s].Score(known ? user : 0, buffers[s]);
                    Blend.AddNormalized(blended, buffers[s], weights[s]);
                }
            }

            // Guardrails and one vintage per wine on the best candidates, then MMR on variety for the final K.
            survivors.Clear();
            wines.Clear();
            var count = TopK.Into(blended, best);
            for (var c = 0; c < count; c++)
            {
                var candidate = best[c];
                var productId = data.Items[candidate.Item];
                var product = itemProducts[candidate.Item];
                var source = DominantSource(candidate.Item, buffers, weights);
                var proposal = new Candidate(productId, candidate.Score, source, product?.BottlePrice, product?.Available ?? false);
                if (guardrails.FirstOrDefault(g => !g.Allows(context, proposal)) is { } rule)
                {
                    removed.Add(new GuardrailRemoval(customer.CustomerId, productId, rule.Name));
                    continue;
                }

                if (product is not null && !wines.Add(product.WineKey))
                {
                    removed.Add(new GuardrailRemoval(customer.CustomerId, productId, "diversity_same_wine"));
                    continue;
                }

                survivors.Add((candidate, source, product));
            }

            var picked = Diversity.Mmr(
                survivors.Select(p => p.Candidate.Score).ToList(),
                (i, j) => survivors[i].Product?.Variety is { } v && string.Equals(v, survivors[j].Product?.Variety, StringComparison.Ordinal) ? 1 : 0,
                options.K,
                options.MmrLambda);
            var items = new List<Recommendation>(picked.Count);
            if (picked.Count > 0)
            {
                var tried = lines.Select(t => products.GetValueOrDefault(t.ProductId)?.Variety).OfType<string>().ToHashSet(StringComparer.Ordinal);
                foreach (var index in picked)
                {
                    var (candidate, source, product) = survivors[index];
                    var productId = data.Items[candidate.Item];
                    var reason = Explainer.Explain(new Explained(source, candidate.Item, productId, product, tried, a, lines, known ? user : -1), sources, ranks, products);
                    items.Add(new Recommendation(items.Count + 1, productId, product?.Label, Math.Round(candidate.Score, 4), source, reason, ReasonText.Render(reason, "fr"), ReasonText.Render(reason, "en")));
                }
            }

            plans.Add(new CustomerPlan(customer.CustomerId, scenario, items));
        }

        return new RecommendationRun(options.AsOf, options.K, plans, removed);
    }

    private static GuardrailContext Context(CustomerInfo customer, List<Transaction> lines, DateOnly asOf)
    {
        var lastBought = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var lastReturned = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        double bottles = 0, spent = 0;
        foreach (var t in lines)
        {
            var last = t.Quantity > 0 ? lastBought : t.Quantity < 0 ? lastReturned : null;
            if (last is not null && (!last.TryGetValue(t.ProductId, out var day) || t.Date > day))
            {
                last[t.ProductId] = t.Date;
            }

            if (t.Quantity > 0 && t.Amount > 0)
            {
                (bottles, spent) = (bottles + t.Quantity, spent + t.Amount);
            }
        }

        return new GuardrailContext(customer.CustomerId, customer.Emailable, asOf, lastBought, lastReturned, bottles > 0 ? spent / bottles : null, customer.LastContact);
    }

    private static int[] Rank(Interactions data, ICandidateSource source)
    {
        var scores = new double[data.Items.Length];
        source.Score(0, scores);
        var rank = new int[scores.Length];
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r + 1;
        }

        return rank;
    }

    private static string DominantSource(int item, double[][] normalized, double[] weights)
    {
        var best = 0;
        for (var s = 1; s < weights.Length; s++)
        {
            if (weights[s] * normalized[s][item] > weights[best] * normalized[best][item])
            {
                best = s;
            }
        }

        return BlendWeights.Names[best];
    }

    /// <summary>The wine without its vintage: "RIE-GC-SCH-2019" and "RIE-GC-SCH-2020" are one wine.</summary>
    public static string WineKeyOf(string productId)
    {
        ArgumentNullException.ThrowIfNull(productId);
        var dash = productId.LastIndexOf('-');
        return dash > 0 && productId.Length - dash == 5 && int.TryParse(productId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? productId[..dash]
            : productId;
    }
}
