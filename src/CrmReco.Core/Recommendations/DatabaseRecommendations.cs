using CrmReco.Core.Analytics;
using CrmReco.Core.Storage;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A stored recommendation run, and how long each stage took (the parts of loading, of the analytics and
/// sources trained side by side, and of the plans, named "load: …", "in parallel: …" and "recommend: …", follow the
/// stage they add up to; the CPU time of a part run in parallel is the whole process's over it).</summary>
/// <param name="Learned">The blend weights learned on the validation window, when asked for.</param>
/// <param name="ModelChoice">The lifetime model behind the scenarios' P(alive) and expected purchases, and why.</param>
public sealed record StoredRecommendations(long RunId, RecommendationRun Run, IReadOnlyList<StageTiming> Stages, WeightChoice? Learned = null, ModelChoice? ModelChoice = null);

/// <summary>The recommendation run shared by `crmreco recommend` and the nightly job: history, catalogue, stock,
/// customers and contacts from the database, analytics for the scenarios, the engine, then the stored run.</summary>
public sealed class DatabaseRecommendations
{
    private readonly ICrmQueries _queries;
    private readonly RecommendationStore _store;
    private readonly TimeProvider _time;

    internal DatabaseRecommendations(ICrmQueries queries, RecommendationStore store, TimeProvider time)
    {
        _queries = queries;
        _store = store;
        _time = time;
    }

    /// <summary>Recommends <paramref name="k"/> wines per customer and stores the run; null when there are no sales yet.</summary>
    /// <param name="asOf">"Today" of the run; default: the last sale date.</param>
    /// <param name="learnWeights">Blend every customer with history with one set of weights learned on the last
    /// year of the database's own history (<see cref="RecommendationEngine.LearnWeights"/>) instead of the
    /// scenario weights.</param>
    /// <param name="weightBags">How many random halves of the validation customers the weight search averages
    /// (<see cref="RecommenderOptions.WeightBags"/>); used with <paramref name="learnWeights"/>.</param>
    /// <param name="model">The lifetime model of the analytics: "auto" (chosen on held-out data, as the nightly job's
    /// analysis), "bg-nbd", "pareto-nbd" or "mbg-nbd".</param>
    public async Task<StoredRecommendations?> RecommendAndStoreAsync(
        DateOnly? asOf = null,
        int k = 3,
        GuardrailOptions? guardrails = null,
        bool learnWeights = false,
        int? weightBags = null,
        string model = "auto",
        CancellationToken cancellationToken = default) =>
        await RecommendAndStoreAsync(null, null, asOf, k, guardrails, learnWeights, weightBags, model, cancellationToken);

    /// <summary>The same on a history already loaded and analysed (the nightly job: one load, one analysis for
    /// both runs). <paramref name="loaded"/> null: read from the database; <paramref name="analysed"/> null:
    /// computed here with <paramref name="model"/>, beside the sources' training.</summary>
    public async Task<StoredRecommendations?> RecommendAndStoreAsync(
        LoadedHistory? loaded,
        AnalyticsResult? analysed,
        DateOnly? asOf = null,
        int k = 3,
        GuardrailOptions? guardrails = null,
        bool learnWeights = false,
        int? weightBags = null,
        string model = "auto",
        CancellationToken cancellationToken = default)
    {
        var time = _time;
        var clock = new StageClock(time);
        var loadClock = new StageClock(time);
        var queries = _queries;
        var products = loaded?.Products ?? await queries.ListProductsAsync(cancellationToken);
        loadClock.Stage("products");

        // The sales lines are the long read; the rest is read beside them, on its own connection.
        var salesTask = loaded is null
            ? Task.Run<IReadOnlyList<Transaction>>(async () => await queries.LoadTransactionsAsync(cancellationToken), cancellationToken)
            : Task.FromResult(loaded.Sales);
        var (catalogue, customers) = await ReadCatalogueAndCustomersAsync(queries, products, cancellationToken);
        var history = await salesTask;
        loadClock.Stage("sales lines (stock, customers and contacts read beside them)");
        if (history.Count == 0)
        {
            return null;
        }

        var day = asOf ?? history.Max(t => t.Date);
        var attributes = DatabaseAnalytics.ToAttributes(products);
        clock.Stage("load");

        // The models take no token: they run on the thread pool and a stop abandons them (nothing is stored).
        // Analytics (one thread) and the sources' training (mostly one thread besides ALS) need nothing of each
        // other: they run side by side, which on 2 cores saves about the analytics' time.
        var options = new RecommendationEngineOptions(day, k, Guardrails: guardrails);
        var analyticsClock = new StageClock(time);
        var engineClock = new StageClock(time);
        var analyticsTask = analysed is not null ? Task.FromResult(analysed) : Task.Run(() =>
        {
            var result = AnalyticsEngine.Run(history, new AnalyticsOptions(day, Model: model), attributes);
            analyticsClock.Stage("analytics");
            return result;
        });
        var trainTask = Task.Run(() => RecommendationEngine.Train(history, catalogue, options, engineClock));
        await Task.WhenAll(analyticsTask, trainTask).WaitAsync(cancellationToken);
        var (analytics, trained) = (analyticsTask.Result, trainTask.Result);
        clock.Stage("analytics and sources");
        WeightChoice? learned = null;
        if (learnWeights)
        {
            learned = await Task.Run(() => RecommendationEngine.LearnWeights(history, catalogue, day, sources: weightBags is { } bags ? new RecommenderOptions(WeightBags: bags) : null), cancellationToken).WaitAsync(cancellationToken);
            clock.Stage("learn weights");
        }

        var planClock = new StageClock(time);
        var run = await Task.Run(
            () => RecommendationEngine.Plan(trained, customers, analytics, options with { LearnedWeights = learned?.Weights }, planClock),
            cancellationToken).WaitAsync(cancellationToken);
        clock.Stage("recommend");
        var runId = await _store.SaveAsync(run, cancellationToken);
        clock.Stage("store");
        var stages = clock.Stages.ToList();
        stages.InsertRange(stages.FindIndex(s => s.Stage == "recommend") + 1, planClock.Stages.Select(s => s with { Stage = "recommend: " + s.Stage }));
        stages.InsertRange(stages.FindIndex(s => s.Stage == "analytics and sources") + 1, analyticsClock.Stages.Concat(engineClock.Stages).Select(s => s with { Stage = "in parallel: " + s.Stage }));
        stages.InsertRange(stages.FindIndex(s => s.Stage == "load") + 1, loadClock.Stages.Select(s => s with { Stage = "load: " + s.Stage }));
        return new StoredRecommendations(runId, run, stages, learned, analytics.ModelChoice);
    }

    private static async Task<(IReadOnlyList<CatalogueItem> Catalogue, IReadOnlyList<CustomerInfo> Customers)> ReadCatalogueAndCustomersAsync(
        ICrmQueries queries, IReadOnlyList<ProductRow> products, CancellationToken cancellationToken) =>
        (RecommendationInputs.Catalogue(products, await queries.LoadLatestStockAsync(cancellationToken)),
         RecommendationInputs.Customers(await queries.ListCustomersAsync(cancellationToken), await queries.LoadLastContactsAsync(cancellationToken)));
}
