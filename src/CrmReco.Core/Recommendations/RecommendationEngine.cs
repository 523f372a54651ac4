using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A product as the engine sees it. <paramref name="WineKey"/> groups the vintages of one wine;
/// <paramref name="Range"/> is its level in the range (<see cref="WineRange"/>), null when unknown.</summary>
/// <param name="Available">A real catalogue product (not a stub); <paramref name="Stock"/> decides when present.</param>
/// <param name="Stock">The article's latest stock snapshot, when a stock export gave one.</param>
public sealed record CatalogueItem(string ProductId, string? Label, string? Variety, string WineKey, double? BottlePrice, bool Available, int? Range = null, Import.StockRecord? Stock = null);

/// <summary>A customer as the guardrails see them.</summary>
/// <param name="LastContact">The latest contact that reached the customer, any channel.</param>
/// <param name="LastContactByChannel">The latest per channel, for a silence window on emails only.</param>
public sealed record CustomerInfo(string CustomerId, bool Emailable, DateOnly? LastContact, IReadOnlyDictionary<string, DateOnly>? LastContactByChannel = null);

/// <summary>One recommended product, ranked, with the source that proposed it and why.</summary>
public sealed record Recommendation(int Rank, string ProductId, string? Label, double Score, string Source, Reason Reason, string TextFr, string TextEn);

/// <summary>A customer's scenario and recommendations, and why an email cannot carry them now (null: it can).</summary>
/// <param name="Scores">Each source's score behind the recommended wines and the best candidates the guardrails
/// removed (at most <see cref="RecommendationEngineOptions.ScoredRemovals"/>), for the debug view: stored with the
/// run, left out of the plan's JSON (`recommend --json` stays as it was; NaN marks an unscored source).</param>
public sealed record CustomerPlan(string CustomerId, string Scenario, IReadOnlyList<Recommendation> Items, EmailBlock? EmailBlock = null, [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<CandidateScores>? Scores = null);

/// <summary>A candidate's blended score and what each source gave it.</summary>
/// <param name="Blend">The blended score (Σ weight × normalized score), rounded as <see cref="Recommendation.Score"/>.</param>
/// <param name="Sources">Each source's min-max normalized score (0–1) for this customer, in the order of
/// <see cref="BlendWeights.Names"/>; NaN for a source of weight 0 in the customer's blend (not scored).</param>
/// <param name="RemovedBy">The guardrail that removed it; null for a recommended wine.</param>
public sealed record CandidateScores(string ProductId, double Blend, float[] Sources, string? RemovedBy);

/// <summary>A candidate a guardrail of taste (or the diversity re-rank) removed.</summary>
/// <param name="Detail">What the rule saw ("sold out: 0 available … on 2026-10-31"), when it says more than its name.</param>
public sealed record GuardrailRemoval(string CustomerId, string ProductId, string Rule, string? Detail = null);

/// <param name="LearnedWeights">The one blend of every customer with history when the run was made with learned weights
/// (<see cref="RecommendationEngineOptions.LearnedWeights"/>); null: each scenario's weights.</param>
public sealed record RecommendationRun(DateOnly AsOf, int K, IReadOnlyList<CustomerPlan> Customers, IReadOnlyList<GuardrailRemoval> Removed, BlendWeights? LearnedWeights = null)
{
    public IReadOnlyDictionary<string, int> RemovedByRule => Removed.GroupBy(r => r.Rule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Customers with recommendations an email cannot carry now, per email rule.</summary>
    public IReadOnlyDictionary<string, int> BlockedByRule => Customers.Where(c => c.Items.Count > 0 && c.EmailBlock is not null)
        .GroupBy(c => c.EmailBlock!.Rule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>Settings of a recommendation run.</summary>
/// <param name="MmrLambda">Relevance against variety diversity in the final re-rank (1: relevance only).</param>
/// <param name="ScoredRemovals">How many of the best candidates the guardrails removed keep their per-source
/// scores (<see cref="CustomerPlan.Scores"/>) besides the recommended wines: bounds what a run stores.</param>
/// <param name="LearnedWeights">One blend for every customer with history instead of the scenario's weights
/// (<see cref="RecommendationEngine.LearnWeights"/>); the scenario is still assigned and stored.</param>
public sealed record RecommendationEngineOptions(DateOnly AsOf, int K = 3, int Candidates = 30, RecommenderOptions? Sources = null, GuardrailOptions? Guardrails = null, double MmrLambda = 0.7, int? MaxDegreeOfParallelism = null, BlendWeights? LearnedWeights = null, int ScoredRemovals = 3);

/// <summary>
/// For every customer: a scenario from the analytics signals, blended candidate scores with scenario weights,
/// named guardrails of taste (each removal recorded), no two vintages of one wine, an MMR re-rank on variety, the
/// top K with a reason each; and the email channel's rules (<see cref="EmailRules"/>) as a mark on the plan, never
/// a removal.
/// </summary>
public static class RecommendationEngine
{
    private static readonly Dictionary<string, BlendWeights> ScenarioWeights = new(StringComparer.Ordinal)
    {
        ["rebuy"] = new(Mf: 0.1, ItemKnn: 0, Rules: 0.1, Rebuy: 0.3, Popularity: 0, BuyAgain: 0.5),
        ["winback"] = new(Mf: 0.2, ItemKnn: 0, Rules: 0.1, Rebuy: 0.2, Popularity: 0, Seasonal: 0.1, BuyAgain: 0.4),
        ["cross_sell"] = new(Mf: 0.3, ItemKnn: 0.15, Rules: 0.2, Rebuy: 0, Popularity: 0, Seasonal: 0.05, Discovery: 0.1, VarietyMix: 0.2),
        ["upsell"] = new(Mf: 0.2, ItemKnn: 0, Rules: 0.15, Rebuy: 0, Popularity: 0, Upsell: 0.3, VarietyMix: 0.15, BuyAgain: 0.2),
        ["nurture"] = new(Mf: 0, ItemKnn: 0.15, Rules: 0.2, Rebuy: 0, Popularity: 0, Seasonal: 0.1, Discovery: 0.1, VarietyMix: 0.25, BuyAgain: 0.2),
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

    /// <summary>
    /// Blend weights learned on the database's own history, as the backtest chooses them
    /// (<see cref="WeightTuning"/>): the sources are trained on the history before as-of + 1 − <paramref name="validationDays"/>
    /// and the weights that best predict (recall@<paramref name="k"/>, rebuys counted) what customers bought in
    /// that last window are kept. Deterministic.
    /// </summary>
    public static WeightChoice LearnWeights(IReadOnlyList<Transaction> transactions, IReadOnlyList<CatalogueItem> catalogue, DateOnly asOf, int validationDays = 365, int k = 10, RecommenderOptions? sources = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentOutOfRangeException.ThrowIfLessThan(validationDays, 1);
        var split = asOf.AddDays(1);
        var history = transactions.Where(t => t.Date < split).ToList();
        var products = catalogue.ToDictionary(c => c.ProductId, StringComparer.Ordinal);
        return WeightTuning.Choose(history, split.AddDays(-validationDays), split, k, excludeKnown: false, sources ?? new RecommenderOptions(), products);
    }

    public static RecommendationRun Run(
        IReadOnlyList<Transaction> transactions,
        IReadOnlyList<CatalogueItem> catalogue,
        IReadOnlyList<CustomerInfo> customers,
        AnalyticsResult? analytics,
        RecommendationEngineOptions options,
        StageClock? clock = null) =>
        Plan(Train(transactions, catalogue, options, clock), customers, analytics, options, clock);

    /// <summary>The sources trained on the history up to "as of"; needs no analytics, so it can run beside them.</summary>
    internal static TrainedSources Train(IReadOnlyList<Transaction> transactions, IReadOnlyList<CatalogueItem> catalogue, RecommendationEngineOptions options, StageClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        var history = transactions.Where(t => t.Date <= options.AsOf).ToList();
        var data = Interactions.Build(history, options.AsOf);
        var products = catalogue.ToDictionary(c => c.ProductId, StringComparer.Ordinal);
        clock?.Stage("interactions");
        var sources = Sources.Build(data, history, options.Sources ?? new RecommenderOptions(), options.AsOf, products, clock, options.MaxDegreeOfParallelism);
        return new TrainedSources(history, data, products, sources);
    }

    /// <summary>Scenario, blend, guardrails, diversity and reasons for every customer, from trained sources.</summary>
    internal static RecommendationRun Plan(TrainedSources trained, IReadOnlyList<CustomerInfo> customers, AnalyticsResult? analytics, RecommendationEngineOptions options, StageClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        var (history, data, products, sources) = trained;
        var shared = new Shared(
            data,
            sources,
            products,
            analytics?.Customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal) ?? [],
            Guardrails.Default(options.Guardrails),
            EmailRules.Default(options.Guardrails),
            LinesByCustomer(history),
            PopularityRanks.Of(Rank(data, sources.Popularity), Rank(data, sources.Seasonal), [.. data.Items.Select(id => products.GetValueOrDefault(id)?.Variety)]),
            data.Items.Select(id => products.GetValueOrDefault(id)).ToArray(),
            [.. sources.Components.Select(c => SameForEveryone(c, data.Items.Length))],
            options);
        clock?.Stage("shared");

        // Customers are independent: planned in parallel, each into its own slot, so the run does not depend on scheduling.
        var ordered = customers.OrderBy(c => c.CustomerId, StringComparer.Ordinal).ToArray();
        var plans = new CustomerPlan[ordered.Length];
        var removals = new List<GuardrailRemoval>[ordered.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        // In blocks: the block's customers who blend mf are scored four at a time (one pass over the item factors
        // for four customers, bit for bit the scores of one at a time), then planned one by one.
        Parallel.For(0, (ordered.Length + Workspace.Block - 1) / Workspace.Block, parallel, () => new Workspace(data.Items.Length, sources.Components.Count, options.Candidates), (b, _, workspace) =>
        {
            var (from, to) = (b * Workspace.Block, Math.Min((b + 1) * Workspace.Block, ordered.Length));
            var (begun, withMf) = (workspace.Begun, workspace.WithMf);
            withMf.Clear();
            for (var c = from; c < to; c++)
            {
                removals[c] = [];
                begun[c - from] = Begin(ordered[c], shared);
                if (begun[c - from].BlendsMf)
                {
                    withMf.Add(c);
                }
                else
                {
                    plans[c] = Finish(begun[c - from], shared, workspace, removals[c], mfScored: false);
                }
            }

            var items = data.Items.Length;
            for (var g = 0; g < withMf.Count; g += 4)
            {
                var n = Math.Min(4, withMf.Count - g);
                for (var k = 0; k < n; k++)
                {
                    workspace.Users[k] = begun[withMf[g + k] - from].User;
                }

                sources.Mf.Score(workspace.Users.AsSpan(0, n), items, workspace.MfScores.AsSpan(0, n * items));
                for (var k = 0; k < n; k++)
                {
                    var c = withMf[g + k];
                    workspace.MfScores.AsSpan(k * items, items).CopyTo(workspace.Buffers[0]);
                    plans[c] = Finish(begun[c - from], shared, workspace, removals[c], mfScored: true);
                }
            }

            return workspace;
        }, _ => { });
        var run = new RecommendationRun(options.AsOf, options.K, plans, removals.SelectMany(r => r).ToList(), options.LearnedWeights);
        clock?.Stage("plans");
        return run;
    }

    /// <summary>Each customer's lines, in history order (one dictionary lookup per line; a GroupBy then
    /// ToDictionary built every group twice).</summary>
    private static Dictionary<string, List<Transaction>> LinesByCustomer(List<Transaction> history)
    {
        var lines = new Dictionary<string, List<Transaction>>(StringComparer.Ordinal);
        foreach (var t in history)
        {
            (System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lines, t.CustomerId, out _) ??= []).Add(t);
        }

        return lines;
    }

    internal sealed record TrainedSources(List<Transaction> History, Interactions Data, Dictionary<string, CatalogueItem> Products, Sources Sources);

    private sealed record Shared(
        Interactions Data,
        Sources Sources,
        Dictionary<string, CatalogueItem> Products,
        Dictionary<string, CustomerAnalytics> Analytics,
        IReadOnlyList<IGuardrail> Guardrails,
        IReadOnlyList<IEmailRule> EmailRules,
        Dictionary<string, List<Transaction>> Lines,
        PopularityRanks Ranks,
        CatalogueItem?[] ItemProducts,
        double[]?[] Fixed,
        RecommendationEngineOptions Options);

    /// <summary>The normalized scores of a source that scores every customer alike (popularity, seasonal
    /// popularity), computed once for the run instead of once per customer; null for the others.</summary>
    private static double[]? SameForEveryone(ICandidateSource source, int items)
    {
        if (source is not (PopularitySource or SeasonalPopularitySource))
        {
            return null;
        }

        var scores = new double[items];
        source.Score(0, scores);
        Blend.Normalize(scores);
        return scores;
    }

    /// <summary>One thread's scratch space.</summary>
    private sealed class Workspace(int items, int components, int candidates)
    {
        public double[][] Buffers { get; } = Enumerable.Range(0, components).Select(_ => new double[items]).ToArray();

        /// <summary>Per source, the scores the blend read and how to normalize them: (score − min) · scale.</summary>
        public (double[] Scores, double Min, double Scale)[] Views { get; } = new (double[], double, double)[components];

        public double[] Blended { get; } = new double[items];

        public Scored[] Best { get; } = new Scored[Math.Max(0, Math.Min(candidates, items))];

        public List<(Scored Candidate, string Source, CatalogueItem? Product)> Survivors { get; } = [];

        public HashSet<string> Wines { get; } = new(StringComparer.Ordinal);

        /// <summary>Customers per block of the parallel loop.</summary>
        public const int Block = 16;

        public Begun[] Begun { get; } = new Begun[Block];

        /// <summary>The block's customers (indices) who blend mf.</summary>
        public List<int> WithMf { get; } = new(Block);

        public int[] Users { get; } = new int[4];

        /// <summary>Four customers' mf scores, one row of items each.</summary>
        public double[] MfScores { get; } = new double[4 * items];
    }

    /// <summary>A customer's plan up to the blend: analytics, scenario, lines, guardrail context, weights, and the
    /// email channel's block.</summary>
    private readonly record struct Begun(CustomerInfo Customer, CustomerAnalytics? Analytics, string Scenario, List<Transaction> Lines, GuardrailContext Context, bool Known, int User, double[] Weights, EmailBlock? EmailBlock)
    {
        /// <summary>The customer has history and their blend gives matrix factorization (component 0, "mf") a
        /// weight: they are scored by mf in the block's batched pass.</summary>
        public bool BlendsMf => Known && Weights[BlendWeights.MfIndex] != 0;
    }

    private static Begun Begin(CustomerInfo customer, Shared shared)
    {
        var a = shared.Analytics.GetValueOrDefault(customer.CustomerId);
        var scenario = ScenarioOf(a);
        var lines = shared.Lines.GetValueOrDefault(customer.CustomerId) ?? [];
        var context = Context(customer, lines, shared.Options.AsOf);
        // The email channel's rules mark the plan; every customer still gets recommendations.
        var block = EmailRules.FirstBlock(shared.EmailRules, context);
        var known = shared.Data.UserIndex.TryGetValue(customer.CustomerId, out var user);
        // Cold start: what sells at this time of year, and lately.
        var weights = known ? (shared.Options.LearnedWeights ?? ScenarioWeights[scenario]).ToArray() : ColdStart;
        return new Begun(customer, a, scenario, lines, context, known, user, weights, block);
    }

    /// <param name="mfScored">The customer's mf scores are already in the workspace's first buffer.</param>
    private static CustomerPlan Finish(Begun begun, Shared shared, Workspace workspace, List<GuardrailRemoval> removed, bool mfScored)
    {
        var (data, sources, options) = (shared.Data, shared.Sources, shared.Options);
        var (customer, a, scenario, lines, context, known, user, weights, block) = begun;
        var (buffers, views, blended) = (workspace.Buffers, workspace.Views, workspace.Blended);
        Array.Clear(blended);
        for (var s = 0; s < weights.Length; s++)
        {
            if (weights[s] == 0)
            {
                continue;
            }

            if (shared.Fixed[s] is { } normalized)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(normalized, weights[s], blended, blended);
                views[s] = (normalized, 0, 1);
                continue;
            }

            // Normalized on the fly while blending (one pass instead of four); only the candidates' scores are
            // normalized again, to name the dominant source.
            if (s != 0 || !mfScored)
            {
                sources.Components[s].Score(known ? user : 0, buffers[s]);
            }

            var (min, scale) = Blend.AddScaled(blended, buffers[s], weights[s]);
            views[s] = (buffers[s], min, scale);
        }

        // Guardrails and one vintage per wine down the ranking until the MMR pool (3 K) is full, then MMR on variety for the final K.
        var survivors = workspace.Survivors;
        survivors.Clear();
        workspace.Wines.Clear();
        var count = TopK.Into(blended, workspace.Best);
        var scores = new List<CandidateScores>(options.K + options.ScoredRemovals);
        for (var c = 0; c < count && survivors.Count < 3 * options.K; c++)
        {
            var candidate = workspace.Best[c];
            var productId = data.Items[candidate.Item];
            var product = shared.ItemProducts[candidate.Item];
            var source = DominantSource(candidate.Item, views, weights);
            var proposal = new Candidate(productId, candidate.Score, source, product?.BottlePrice, product?.Available ?? false, product?.Stock);
            var rule = FirstRefusing(shared.Guardrails, context, proposal);
            if (rule is not null)
            {
                removed.Add(new GuardrailRemoval(customer.CustomerId, productId, rule.Name, rule.Explain(context, proposal)));
                AddScores(scores, candidate, productId, rule.Name, views, weights, options);
                continue;
            }

            if (product is not null && !workspace.Wines.Add(product.WineKey))
            {
                removed.Add(new GuardrailRemoval(customer.CustomerId, productId, "diversity_same_wine"));
                AddScores(scores, candidate, productId, "diversity_same_wine", views, weights, options);
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
            var tried = lines.Select(t => shared.Products.GetValueOrDefault(t.ProductId)?.Variety).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var index in picked)
            {
                var (candidate, source, product) = survivors[index];
                var productId = data.Items[candidate.Item];
                var reason = Explainer.Explain(new Explained(source, candidate.Item, productId, product, tried, a, lines, known ? user : -1), sources, shared.Ranks, shared.Products);
                items.Add(new Recommendation(items.Count + 1, productId, product?.Label, Math.Round(candidate.Score, 4), source, reason, ReasonText.Render(reason, "fr"), ReasonText.Render(reason, "en")));
                scores.Add(new CandidateScores(productId, Math.Round(candidate.Score, 4), SourceScores(candidate.Item, views, weights), null));
            }
        }

        return new CustomerPlan(customer.CustomerId, scenario, items, block, scores);
    }

    /// <summary>Keeps a removed candidate's per-source scores while fewer than <see cref="RecommendationEngineOptions.ScoredRemovals"/> are kept.</summary>
    private static void AddScores(List<CandidateScores> scores, Scored candidate, string productId, string rule, (double[] Scores, double Min, double Scale)[] views, double[] weights, RecommendationEngineOptions options)
    {
        if (scores.Count < options.ScoredRemovals)
        {
            scores.Add(new CandidateScores(productId, Math.Round(candidate.Score, 4), SourceScores(candidate.Item, views, weights), rule));
        }
    }

    /// <summary>Each source's normalized score of one item, as the blend read it; NaN where the weight is 0.</summary>
    private static float[] SourceScores(int item, (double[] Scores, double Min, double Scale)[] views, double[] weights)
    {
        var result = new float[weights.Length];
        for (var s = 0; s < weights.Length; s++)
        {
            result[s] = weights[s] == 0 ? float.NaN : (float)((views[s].Scores[item] - views[s].Min) * views[s].Scale);
        }

        return result;
    }

    /// <summary>The blend of a customer without history (not in the sources' training data), whatever the
    /// scenario or learned weights: what sells at this time of year.</summary>
    public static BlendWeights ColdStartWeights { get; } = new(0, 0, 0, 0, 0, Seasonal: 1);

    private static readonly double[] ColdStart = ColdStartWeights.ToArray();

    private static IGuardrail? FirstRefusing(IReadOnlyList<IGuardrail> guardrails, GuardrailContext context, Candidate candidate)
    {
        foreach (var guardrail in guardrails)
        {
            if (!guardrail.Allows(context, candidate))
            {
                return guardrail;
            }
        }

        return null;
    }

    private static GuardrailContext Context(CustomerInfo customer, List<Transaction> lines, DateOnly asOf)
    {
        var lastBought = new Dictionary<string, DateOnly>(lines.Count, StringComparer.Ordinal);
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

        return new GuardrailContext(customer.CustomerId, customer.Emailable, asOf, lastBought, lastReturned, bottles > 0 ? spent / bottles : null, customer.LastContact, customer.LastContactByChannel);
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

    private static string DominantSource(int item, (double[] Scores, double Min, double Scale)[] views, double[] weights)
    {
        // A source of weight 0 was not scored this time: its normalized score counts as 0 (times 0).
        double Weighted(int s) => weights[s] == 0 ? 0 : weights[s] * ((views[s].Scores[item] - views[s].Min) * views[s].Scale);
        var best = 0;
        for (var s = 1; s < weights.Length; s++)
        {
            if (Weighted(s) > Weighted(best))
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
