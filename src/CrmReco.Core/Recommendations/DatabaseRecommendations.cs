using CrmReco.Core.Analytics;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Recommendations;

/// <summary>A stored recommendation run.</summary>
public sealed record StoredRecommendations(long RunId, RecommendationRun Run);

/// <summary>The recommendation run shared by `crmreco recommend` and the nightly job: history, catalogue and
/// customers from the database, analytics for the scenarios, the engine, then the stored run.</summary>
public static class DatabaseRecommendations
{
    /// <summary>Recommends <paramref name="k"/> wines per customer and stores the run; null when there are no sales yet.</summary>
    /// <param name="asOf">"Today" of the run; default: the last sale date.</param>
    public static async Task<StoredRecommendations?> RecommendAndStoreAsync(
        string connectionString,
        DateOnly? asOf = null,
        int k = 3,
        GuardrailOptions? guardrails = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var queries = CrmDatabase.OpenQueries(connectionString);
        var history = await queries.LoadTransactionsAsync(cancellationToken);
        if (history.Count == 0)
        {
            return null;
        }

        var day = asOf ?? history.Max(t => t.Date);
        var products = await queries.ListProductsAsync(cancellationToken);
        var catalogue = RecommendationInputs.Catalogue(products, await queries.LoadLatestStockAsync(cancellationToken));
        var customers = RecommendationInputs.Customers(await queries.ListCustomersAsync(cancellationToken), await queries.LoadLastContactsAsync(cancellationToken));
        var attributes = DatabaseAnalytics.ToAttributes(products);
        // The engine takes no token: it runs on the thread pool and a stop abandons it (nothing is stored).
        var run = await Task.Run(
            () =>
            {
                var analytics = AnalyticsEngine.Run(history, new AnalyticsOptions(day), attributes);
                return RecommendationEngine.Run(history, catalogue, customers, analytics, new RecommendationEngineOptions(day, k, Guardrails: guardrails ?? new GuardrailOptions()));
            },
            cancellationToken).WaitAsync(cancellationToken);
        var runId = await RecommendationStore.Open(connectionString, time).SaveAsync(run, cancellationToken);
        return new StoredRecommendations(runId, run);
    }
}
