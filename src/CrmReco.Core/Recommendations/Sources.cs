using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Weights of the blended sources (each min-max normalized per customer before weighting).</summary>
public sealed record BlendWeights(
    double Mf = 0.35,
    double ItemKnn = 0.2,
    double Rules = 0.15,
    double Rebuy = 0.25,
    double Popularity = 0.05,
    double Seasonal = 0,
    double Upsell = 0,
    double Discovery = 0,
    double VarietyMix = 0,
    double BuyAgain = 0)
{
    /// <summary>Component names, in the order of <see cref="ToArray"/>.</summary>
    /// <summary>Where matrix factorization's weight is in <see cref="ToArray"/>.</summary>
    public const int MfIndex = 0;

    public static IReadOnlyList<string> Names { get; } = ["mf", "itemKnn", "rules", "rebuy", "popularity", "seasonal", "upsell", "discovery", "varietyMix", "buyAgain"];

    public double[] ToArray() => [Mf, ItemKnn, Rules, Rebuy, Popularity, Seasonal, Upsell, Discovery, VarietyMix, BuyAgain];

    public static BlendWeights FromArray(ReadOnlySpan<double> w) => new(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w.Length > 8 ? w[8] : 0, w.Length > 9 ? w[9] : 0);

    public override string ToString() =>
        string.Join(' ', Names.Zip(ToArray()).Where(p => p.Second != 0).Select(p => FormattableString.Invariant($"{p.First}={p.Second:0.##}")));
}

/// <summary>Settings of the recommendation sources, shared by the backtest and the real runs.</summary>
/// <param name="ValidationDays">Length of the validation window carved from the end of the training history to
/// choose the blend weights; null: the length of the evaluated period, at most a year.</param>
/// <param name="RebuyWholeWine">Rebuy proposes the wine in the vintages now selling, not only the vintage bought.</param>
/// <param name="RebuyCurrentVintage">Rebuy (and buy-again) propose the wine's current vintage only
/// (<see cref="VintageShares"/>), not every vintage in proportion to its recent buyers.</param>
/// <param name="RebuyLines">Rebuy weighs a product by how often the customer bought it (sales lines), not by the
/// quantity bought (<see cref="RebuySource.LineStrengths"/>).</param>
/// <param name="WeightBags">How many random halves of the validation customers the weight search runs on; the
/// chosen weights are averaged (1: one search on all of them).</param>
public sealed record RecommenderOptions(
    AlsOptions? Als = null,
    double RuleMinSupport = 0.005,
    double RuleMinConfidence = 0.05,
    int Neighbours = 50,
    BlendWeights? Weights = null,
    bool TuneWeights = true,
    int? ValidationDays = null,
    int MaxValidationUsers = 2000,
    int WeightBags = 20,
    bool RebuyWholeWine = true,
    bool RebuyLines = true,
    bool RebuyCurrentVintage = true);

/// <summary>Every candidate source trained on one history.</summary>
public sealed class Sources
{
    private Sources(Interactions data, ItemTraits traits, IReadOnlyList<AssociationRule> ruleList, ICandidateSource[] components)
    {
        Data = data;
        Traits = traits;
        RuleList = ruleList;
        RulesByConsequent = ruleList.OrderByDescending(r => r.Confidence).ToLookup(r => r.Consequent, StringComparer.Ordinal);
        Components = components;
    }

    public Interactions Data { get; }

    public ItemTraits Traits { get; }

    public IReadOnlyList<AssociationRule> RuleList { get; }

    /// <summary>The rules concluding on each product, most confident first (for explanations).</summary>
    public ILookup<string, AssociationRule> RulesByConsequent { get; }

    /// <summary>The blendable sources in the order of <see cref="BlendWeights.Names"/>.</summary>
    public IReadOnlyList<ICandidateSource> Components { get; }

    public FactorsSource Mf => (FactorsSource)Components[0];

    public ItemKnnSource ItemKnn => (ItemKnnSource)Components[1];

    public RulesSource Rules => (RulesSource)Components[2];

    public RebuySource Rebuy => (RebuySource)Components[3];

    public PopularitySource Popularity => (PopularitySource)Components[4];

    public SeasonalPopularitySource Seasonal => (SeasonalPopularitySource)Components[5];

    public UpsellSource Upsell => (UpsellSource)Components[6];

    public DiscoverySource Discovery => (DiscoverySource)Components[7];

    public VarietyMixSource VarietyMix => (VarietyMixSource)Components[8];

    public BuyAgainSource BuyAgain => (BuyAgainSource)Components[9];

    /// <summary>True when the catalogue gave varieties (up-sell and discovery can score).</summary>
    public bool HasTraits => Traits.VarietyNames.Length > 0;

    /// <summary>A blend of the components with these weights (one instance per thread).</summary>
    public HybridSource Hybrid(BlendWeights weights, string name = "hybrid")
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new HybridSource(Components.Zip(weights.ToArray()).ToList(), Data.Items.Length, name);
    }

    /// <param name="asOf">The last day of the history (seasonal popularity looks at the same window in past years).</param>
    /// <param name="catalogue">Products by id, for varieties and range levels; without it up-sell and discovery score nothing.</param>
    /// <param name="clock">Times each source's training, when given.</param>
    /// <param name="maxDegreeOfParallelism">Bounds the parallel loops of item-kNN and of ALS (unless
    /// <see cref="AlsOptions.MaxDegreeOfParallelism"/> says otherwise); null: one thread per core.</param>
    public static Sources Build(Interactions data, IReadOnlyList<Transaction> history, RecommenderOptions options, DateOnly asOf, IReadOnlyDictionary<string, CatalogueItem>? catalogue = null, StageClock? clock = null, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        // Rules need only the history and one thread: mined beside the next stages (ALS leaves gaps on 2 cores).
        var mining = Task.Run(() => AssociationRules.Mine(history, options.RuleMinSupport, options.RuleMinConfidence));
        var traits = new ItemTraits(data, catalogue);
        clock?.Stage("traits");
        // The sources built from the history alone likewise (one thread, ≈ 3 s at 2M lines): beside ALS and
        // item-kNN instead of after them, when one core would be idle.
        var fromHistory = Task.Run(() => FromHistory(data, history, options, asOf, traits));
        var als = options.Als ?? new AlsOptions();
        var mf = new FactorsSource(new ImplicitAls().Train(data, als with { MaxDegreeOfParallelism = als.MaxDegreeOfParallelism ?? maxDegreeOfParallelism }));
        clock?.Stage("als");
        var itemKnn = new ItemKnnSource(data, options.Neighbours, maxDegreeOfParallelism);
        clock?.Stage("item-knn");
        var ruleList = mining.GetAwaiter().GetResult();
        var rules = new RulesSource(data, ruleList);
        clock?.Stage("rules (mined beside the stages above; this is the wait)");
        var rest = fromHistory.GetAwaiter().GetResult();
        clock?.Stage("rebuy, popularity, upsell, discovery, variety mix, buy-again (built beside the stages above; this is the wait)");
        ICandidateSource[] components = [mf, itemKnn, rules, .. rest];
        return new Sources(data, traits, ruleList, components);
    }

    /// <summary>The sources after mf, item-kNN and rules, in the order of <see cref="BlendWeights.Names"/>.</summary>
    private static ICandidateSource[] FromHistory(Interactions data, IReadOnlyList<Transaction> history, RecommenderOptions options, DateOnly asOf, ItemTraits traits)
    {
        var frequency = RebuySource.LineStrengths(data, history, asOf);
        var vintages = new VintageShares(data, history, asOf, currentVintageOnly: options.RebuyCurrentVintage);
        return
        [
            new RebuySource(data, options.RebuyWholeWine ? vintages : null, options.RebuyLines ? frequency : null),
            new PopularitySource(data),
            new SeasonalPopularitySource(data, history, asOf),
            new UpsellSource(data, traits),
            new DiscoverySource(data, traits),
            new VarietyMixSource(data, traits, frequency),
            new BuyAgainSource(data, history, asOf, vintages, frequency, new VarietyMixSource(data, traits, frequency, BuyAgainSource.TastePrior)),
        ];
    }
}
