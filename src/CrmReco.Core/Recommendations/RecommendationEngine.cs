using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A product as the engine sees it. <paramref name="WineKey"/> groups the vintages of one wine.</summary>
/// <param name="Available">A real catalogue product (not a stub); <paramref name="Stock"/> decides when present.</param>
/// <param name="Stock">The article's latest stock snapshot, when a stock export gave one.</param>
public sealed record CatalogueItem(string ProductId, string? Label, string? Variety, string WineKey, double? BottlePrice, bool Available, Import.StockRecord? Stock = null);

/// <summary>A customer as the guardrails see them.</summary>
/// <param name="LastContact">The latest contact that reached the customer, any channel.</param>
/// <param name="LastContactByChannel">The latest per channel, for a silence window on emails only.</param>
public sealed record CustomerInfo(string CustomerId, bool Emailable, DateOnly? LastContact, IReadOnlyDictionary<string, DateOnly>? LastContactByChannel = null);

/// <summary>One recommended product, ranked, with the source that proposed it and why.</summary>
public sealed record Recommendation(int Rank, string ProductId, string? Label, double Score, string Source, Reason Reason, string TextFr, string TextEn);

/// <summary>A customer's scenario and recommendations.</summary>
public sealed record CustomerPlan(string CustomerId, string Scenario, IReadOnlyList<Recommendation> Items);

/// <summary>A candidate a guardrail (or the diversity re-rank) removed; product "*" when the whole customer was.</summary>
/// <param name="Detail">What the rule saw ("sold out: 0 available … on 2026-10-31"), when it says more than its name.</param>
public sealed record GuardrailRemoval(string CustomerId, string ProductId, string Rule, string? Detail = null);

public sealed record RecommendationRun(DateOnly AsOf, int K, IReadOnlyList<CustomerPlan> Customers, IReadOnlyList<GuardrailRemoval> Removed)
{
    public IReadOnlyDictionary<string, int> RemovedByRule => Removed.GroupBy(r => r.Rule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>Settings of a recommendation run.</summary>
public sealed record RecommendationEngineOptions(DateOnly AsOf, int K = 3, int Candidates = 30, RecommenderOptions? Sources = null, GuardrailOptions? Guardrails = null);

/// <summary>
/// For every customer: a scenario from the analytics signals, blended candidate scores with scenario weights,
/// named guardrails (each removal recorded), no two vintages of one wine, the top K with a reason each.
/// </summary>
public static class RecommendationEngine
{
    private static readonly Dictionary<string, (double Mf, double Knn, double Rules, double Rebuy, double Popularity)> ScenarioWeights = new(StringComparer.Ordinal)
    {
        ["rebuy"] = (0.2, 0.1, 0.1, 0.6, 0.0),
        ["winback"] = (0.3, 0.2, 0.1, 0.3, 0.1),
        ["cross_sell"] = (0.4, 0.25, 0.25, 0.0, 0.1),
        ["upsell"] = (0.4, 0.3, 0.2, 0.1, 0.0),
        ["nurture"] = (0.2, 0.3, 0.3, 0.0, 0.2),
    };

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
        var sources = Sources.Build(data, history, options.Sources ?? new RecommenderOptions());
        var products = catalogue.ToDictionary(c => c.ProductId, StringComparer.Ordinal);
        var analyticsById = analytics?.Customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal) ?? [];
        var guardrails = Guardrails.Default(options.Guardrails);
        var byCustomer = history.GroupBy(t => t.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var popularityRank = Enumerable.Range(0, data.Items.Length).OrderByDescending(i => data.ItemBuyers[i]).ThenBy(i => i).Select((item, rank) => (item, rank)).ToDictionary(p => p.item, p => p.rank + 1);
        var plans = new List<CustomerPlan>();
        var removed = new List<GuardrailRemoval>();
        var n = data.Items.Length;
        var buffers = new[] { new double[n], new double[n], new double[n], new double[n], new double[n] };
        foreach (var customer in customers.OrderBy(c => c.CustomerId, StringComparer.Ordinal))
        {
            var a = analyticsById.GetValueOrDefault(customer.CustomerId);
            var scenario = ScenarioOf(a);
            var lines = byCustomer.GetValueOrDefault(customer.CustomerId) ?? [];
            var context = new GuardrailContext(
                customer.CustomerId,
                customer.Emailable,
                options.AsOf,
                lines.Where(t => t.Quantity > 0).GroupBy(t => t.ProductId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(t => t.Date), StringComparer.Ordinal),
                lines.Where(t => t.Quantity < 0).GroupBy(t => t.ProductId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(t => t.Date), StringComparer.Ordinal),
                lines.Where(t => t.Quantity > 0 && t.Amount > 0).Sum(t => t.Quantity) is var bottles and > 0 ? lines.Where(t => t.Quantity > 0 && t.Amount > 0).Sum(t => t.Amount) / bottles : null,
                customer.LastContact,
                customer.LastContactByChannel);
            if (guardrails.FirstOrDefault(g => g.ExcludesCustomer(context)) is { } excluding)
            {
                removed.Add(new GuardrailRemoval(customer.CustomerId, "*", excluding.Name, excluding.Explain(context, null)));
                plans.Add(new CustomerPlan(customer.CustomerId, scenario, []));
                continue;
            }

            var weights = ScenarioWeights[scenario];
            var blended = new double[n];
            if (data.UserIndex.TryGetValue(customer.CustomerId, out var user))
            {
                ICandidateSource[] all = [sources.Mf, sources.ItemKnn, sources.Rules, sources.Rebuy, sources.Popularity];
                double[] w = [weights.Mf, weights.Knn, weights.Rules, weights.Rebuy, weights.Popularity];
                for (var s = 0; s < all.Length; s++)
                {
                    all[s].Score(user, buffers[s]);
                    Normalize(buffers[s]);
                    for (var i = 0; i < n; i++)
                    {
                        blended[i] += w[s] * buffers[s][i];
                    }
                }
            }
            else
            {
                sources.Popularity.Score(0, buffers[4]);
                Normalize(buffers[4]);
                buffers[4].CopyTo(blended, 0);
            }

            var tried = lines.Select(t => products.GetValueOrDefault(t.ProductId)?.Variety).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var items = new List<Recommendation>();
            var wines = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in TopK.Of(blended, options.Candidates))
            {
                if (items.Count >= options.K)
                {
                    break;
                }

                var productId = data.Items[candidate.Item];
                var product = products.GetValueOrDefault(productId);
                var source = user >= 0 && data.UserIndex.ContainsKey(customer.CustomerId) ? DominantSource(candidate.Item, buffers, weights) : "popularity";
                var proposal = new Candidate(productId, candidate.Score, source, product?.BottlePrice, product?.Available ?? false, product?.Stock);
                if (guardrails.FirstOrDefault(g => !g.Allows(context, proposal)) is { } rule)
                {
                    removed.Add(new GuardrailRemoval(customer.CustomerId, productId, rule.Name, rule.Explain(context, proposal)));
                    continue;
                }

                if (product is not null && !wines.Add(product.WineKey))
                {
                    removed.Add(new GuardrailRemoval(customer.CustomerId, productId, "diversity_same_wine"));
                    continue;
                }

                var reason = Explain(source, candidate.Item, productId, product, tried, a, lines, sources, data, popularityRank, products);
                items.Add(new Recommendation(items.Count + 1, productId, product?.Label, Math.Round(candidate.Score, 4), source, reason, ReasonText.Render(reason, "fr"), ReasonText.Render(reason, "en")));
            }

            plans.Add(new CustomerPlan(customer.CustomerId, scenario, items));
        }

        return new RecommendationRun(options.AsOf, options.K, plans, removed);
    }

    private static void Normalize(double[] scores)
    {
        double min = scores.Min(), max = scores.Max();
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = max > min ? (scores[i] - min) / (max - min) : 0;
        }
    }

    private static string DominantSource(int item, double[][] normalized, (double Mf, double Knn, double Rules, double Rebuy, double Popularity) w)
    {
        (string Name, double Contribution)[] parts =
        [
            ("mf", w.Mf * normalized[0][item]), ("itemKnn", w.Knn * normalized[1][item]), ("rules", w.Rules * normalized[2][item]),
            ("rebuy", w.Rebuy * normalized[3][item]), ("popularity", w.Popularity * normalized[4][item]),
        ];
        return parts.MaxBy(p => p.Contribution).Name;
    }

    private static Reason Explain(
        string source, int item, string productId, CatalogueItem? product, HashSet<string> tried, CustomerAnalytics? a, List<Transaction> lines,
        Sources sources, Interactions data, Dictionary<int, int> popularityRank, Dictionary<string, CatalogueItem> products)
    {
        string Name(string id) => products.GetValueOrDefault(id)?.Label ?? id;
        var label = Name(productId);
        if (source != "rebuy" && product?.Variety is { } variety && !tried.Contains(variety) && tried.Count > 0)
        {
            return Reason.Of(ReasonText.Discovery, ("product", label), ("variety", variety));
        }

        switch (source)
        {
            case "rebuy":
                var mine = lines.Where(t => t.ProductId == productId && t.Quantity > 0).ToList();
                var since = a is null ? 0 : (a.RecencyDays / 30.44);
                return Reason.Of(ReasonText.Rebuy, ("product", label), ("times", mine.Select(t => t.OrderId).Distinct(StringComparer.Ordinal).Count()),
                    ("gapMonths", Math.Round((a?.TypicalGapDays ?? 365) / 30.44, 1)), ("monthsSince", Math.Round(since, 1)));
            case "rules":
                var bought = lines.Select(t => t.ProductId).ToHashSet(StringComparer.Ordinal);
                var rule = sources.RuleList.Where(r => r.Consequent == productId && bought.Contains(r.Antecedent)).MaxBy(r => r.Confidence);
                if (rule is not null)
                {
                    return Reason.Of(ReasonText.Rule, ("product", label), ("antecedent", Name(rule.Antecedent)), ("confidence", Math.Round(rule.Confidence * 100)), ("lift", Math.Round(rule.Lift, 1)));
                }

                break;
            case "itemKnn":
                if (data.UserIndex.TryGetValue(lines.FirstOrDefault()?.CustomerId ?? string.Empty, out var user) && sources.ItemKnn.BestNeighbour(user, item) is { } neighbour)
                {
                    return Reason.Of(ReasonText.SimilarItems, ("product", label), ("neighbour", Name(data.Items[neighbour.Item])), ("similarity", Math.Round(neighbour.Similarity, 2)));
                }

                break;
            case "mf":
                return Reason.Of(ReasonText.SimilarCustomers, ("product", label));
        }

        return Reason.Of(ReasonText.Popular, ("product", label), ("rank", popularityRank.GetValueOrDefault(item)));
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
