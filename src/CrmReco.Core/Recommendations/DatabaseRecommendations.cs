using CrmReco.Core.Analytics;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Recommendations;

/// <summary>A stored recommendation run, and how long each stage took (the parts of loading and of the engine,
/// named "load: …" and "recommend: …", follow the stage they add up to).</summary>
/// <param name="Learned">The blend weights learned on the validation window, when asked for.</param>
public sealed record StoredRecommendations(long RunId, RecommendationRun Run, IReadOnlyList<StageTiming> Stages, WeightChoice? Learned = null);

/// <summary>The recommendation run shared by `crmreco recommend` and the nightly job: history, catalogue, stock,
/// customers and contacts from the database, analytics for the scenarios, the engine, then the stored run.</summary>
public static class DatabaseRecommendations
{
    /// <summary>Recommends <paramref name="k"/> wines per customer and stores the run; null when there are no sales yet.</summary>
    /// <param name="asOf">"Today" of the run; default: the last sale date.</param>
    /// <param name="learnWeights">Blend every customer with history with one set of weights learned on the last
    /// year of the database's own history (<see cref="RecommendationEngine.LearnWeights"/>) instead of the
    /// scenario weights.</param>
    public static async Task<StoredRecommendations?> RecommendAndStoreAsync(
        string connectionString,
        DateOnly? asOf = null,
        int k = 3,
        GuardrailOptions? guardrails = null,
        TimeProvider? time = null,
        bool learnWeights = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var clock = new StageClock(time);
        var loadClock = new StageClock(time);
        var queries = CrmDatabase.OpenQueries(connectionString);
        var history = await queries.LoadTransactionsAsync(cancellationToken);
        if (history.Count == 0)
        {
            return null;
        }

        loadClock.Stage("sales lines");
        var day = asOf ?? history.Max(t => t.Date);
        var products = await queries.ListProductsAsync(cancellationToken);
        var catalogue = RecommendationInputs.Catalogue(products, await queries.LoadLatestStockAsync(cancellationToken));
        var attributes = DatabaseAnalytics.ToAttributes(products);
        loadClock.Stage("catalogue and stock");
        var customers = RecommendationInputs.Customers(await queries.ListCustomersAsync(cancellationToken), await queries.LoadLastContactsAsync(cancellationToken));
        loadClock.Stage("customers and contacts");
        clock.Stage("load");

        // The models take no token: they run on the thread pool and a stop abandons them (nothing is stored).
        var analytics = await Task.Run(() => AnalyticsEngine.Run(history, new AnalyticsOptions(day), attributes), cancellationToken).WaitAsync(cancellationToken);
        clock.Stage("analytics");
        WeightChoice? learned = null;
        if (learnWeights)
        {
            learned = await Task.Run(() => RecommendationEngine.LearnWeights(history, catalogue, day), cancellationToken).WaitAsync(cancellationToken);
            clock.Stage("learn weights");
        }

        var engineClock = new StageClock(time);
        var run = await Task.Run(
            () => RecommendationEngine.Run(history, catalogue, customers, analytics, new RecommendationEngineOptions(day, k, Guardrails: guardrails, LearnedWeights: learned?.Weights), engineClock),
            cancellationToken).WaitAsync(cancellationToken);
        clock.Stage("recommend");
        var runId = await RecommendationStore.Open(connectionString, time).SaveAsync(run, cancellationToken);
        clock.Stage("store");
        var stages = clock.Stages.ToList();
        stages.InsertRange(stages.FindIndex(s => s.Stage == "recommend") + 1, engineClock.Stages.Select(s => s with { Stage = "recommend: " + s.Stage }));
        stages.InsertRange(stages.FindIndex(s => s.Stage == "load") + 1, loadClock.Stages.Select(s => s with { Stage = "load: " + s.Stage }));
        return new StoredRecommendations(runId, run, stages, learned);
    }
}
