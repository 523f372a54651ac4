using CrmReco.Core.Storage;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Analytics;

/// <summary>One analytics run: the models, the propensity (or why it was not computed), and where it was stored.</summary>
public sealed record AnalysisOutcome(
    AnalyticsResult Result,
    PropensityResult? Propensity,
    string? PropensityNote,
    long? RunId,
    IReadOnlyList<SegmentMove> Moves);

/// <summary>The database's sales history and catalogue, read once for a nightly scoring.</summary>
public sealed record LoadedHistory(IReadOnlyList<Transaction> Sales, IReadOnlyList<ProductRow> Products);

/// <summary>The analytics run shared by `crmreco analyze` and the nightly job: models, then propensity, then (on
/// the database path) the stored run and the segment moves since the previous one.</summary>
public sealed class DatabaseAnalytics
{
    private readonly ICrmQueries _queries;
    private readonly AnalyticsStore _store;

    internal DatabaseAnalytics(ICrmQueries queries, AnalyticsStore store)
    {
        _queries = queries;
        _store = store;
    }

    /// <summary>The models and the propensity on a history; nothing is stored. <paramref name="model"/>: "auto"
    /// (chosen on held-out data), "bg-nbd", "pareto-nbd" or "mbg-nbd".</summary>
    public static AnalysisOutcome Analyze(
        IReadOnlyList<Transaction> history,
        DateOnly? asOf,
        double daysPerUnit,
        IReadOnlyDictionary<string, ProductAttributes>? products,
        string model = "auto")
    {
        ArgumentNullException.ThrowIfNull(history);
        var result = AnalyticsEngine.Run(history, new AnalyticsOptions(asOf ?? history.Max(t => t.Date), daysPerUnit, Model: model), products);
        try
        {
            var propensity = Propensity.Run(history, result.AsOf);
            result = result with
            {
                Customers = result.Customers.Select(c => c with { Propensity90 = propensity.Scores.GetValueOrDefault(c.CustomerId) }).ToList(),
            };
            return new AnalysisOutcome(result, propensity, null, null, []);
        }
        catch (InvalidOperationException ex)
        {
            return new AnalysisOutcome(result, null, ex.Message, null, []);
        }
    }

    /// <summary>Analyzes the database's sales history and stores the run; null when there are no sales yet.</summary>
    /// <param name="asOf">"Today" of the analysis; default: the last sale date.</param>
    public async Task<AnalysisOutcome?> AnalyzeAndStoreAsync(
        DateOnly? asOf = null,
        double daysPerUnit = 7,
        CancellationToken cancellationToken = default) =>
        await AnalyzeAndStoreAsync(await LoadAsync(cancellationToken), asOf, daysPerUnit, cancellationToken);

    /// <summary>The sales history and the catalogue, as the analytics and the recommendations read them.</summary>
    public async Task<LoadedHistory> LoadAsync(CancellationToken cancellationToken = default) =>
        new(await _queries.LoadTransactionsAsync(cancellationToken), await _queries.ListProductsAsync(cancellationToken));

    /// <summary>The same on a history already loaded; null when it has no sales.</summary>
    public async Task<AnalysisOutcome?> AnalyzeAndStoreAsync(LoadedHistory loaded, DateOnly? asOf = null, double daysPerUnit = 7, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var history = loaded.Sales;
        if (history.Count == 0)
        {
            return null;
        }

        var products = ToAttributes(loaded.Products);
        // The models take no token: they run on the thread pool and a stop abandons them (nothing is stored).
        var outcome = await Task.Run(() => Analyze(history, asOf, daysPerUnit, products), cancellationToken).WaitAsync(cancellationToken);
        return await StoreAsync(outcome, cancellationToken);
    }

    /// <summary>Stores a run computed on the database and reads the segment moves since the previous run.</summary>
    public async Task<AnalysisOutcome> StoreAsync(AnalysisOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var runId = await _store.SaveAsync(outcome.Result, outcome.Propensity, cancellationToken);
        return outcome with { RunId = runId, Moves = await _store.MovesAsync(runId, cancellationToken) };
    }

    /// <summary>The catalogue as taste attributes, by article.</summary>
    public static async Task<IReadOnlyDictionary<string, ProductAttributes>> ProductAttributesAsync(ICrmQueries queries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return ToAttributes(await queries.ListProductsAsync(cancellationToken));
    }

    /// <summary>Catalogue rows as taste attributes, by article.</summary>
    public static IReadOnlyDictionary<string, ProductAttributes> ToAttributes(IEnumerable<ProductRow> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        return products.ToDictionary(
            p => p.Article,
            p => new ProductAttributes(p.Variety, p.Colour, p.IsSparkling, p.IsLateHarvest, p.IsGrandCru, p.PriceBand),
            StringComparer.Ordinal);
    }
}
