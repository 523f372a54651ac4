using CrmReco.Core.Storage;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// The marketing review of the latest recommendation run before a campaign (<c>recommendation_reviews</c>):
/// a recommended wine of a customer approved or rejected, with who and when. A rejected wine is left out of the
/// campaigns created from that run; the run itself is not changed (it stays the engine's record).
/// </summary>
public sealed class RecommendationReviewStore
{
    private const string LatestRun = "(SELECT MAX(id) FROM recommendation_runs)";

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal RecommendationReviewStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <summary>Records (or replaces) the decision on a wine the latest run recommends to the customer.</summary>
    /// <exception cref="ArgumentException">The decision is neither approved nor rejected.</exception>
    /// <exception cref="KeyNotFoundException">The latest run does not recommend that wine to that customer.</exception>
    public async Task<RecommendationReview> SetAsync(string customerCode, string article, string decision, string? note, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(article);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var normalized = decision?.Trim().ToLowerInvariant();
        if (normalized is not (RecommendationDecisions.Approved or RecommendationDecisions.Rejected))
        {
            throw new ArgumentException($"decision must be '{RecommendationDecisions.Approved}' or '{RecommendationDecisions.Rejected}', not '{decision}'.", nameof(decision));
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var runs = await SqlReading.QueryAsync(connection, null, $"""
            SELECT run_id FROM recommendations WHERE run_id = {LatestRun} AND customer_code = @customer AND article = @article
            """, r => r.Long(0), cancellationToken, ("customer", customerCode), ("article", article));
        if (runs.Count == 0)
        {
            throw new KeyNotFoundException($"The latest recommendation run does not recommend '{article}' to '{customerCode}'.");
        }

        var review = new RecommendationReview(runs[0], customerCode, article, normalized, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), actor, _time.GetUtcNow());
        await SqlDatabase.ExecuteAsync(connection, null, """
            INSERT INTO recommendation_reviews (run_id, customer_code, article, decision, note, actor, at) VALUES (@run, @customer, @article, @decision, @note, @actor, @at)
            ON CONFLICT (run_id, customer_code, article) DO UPDATE SET decision = excluded.decision, note = excluded.note, actor = excluded.actor, at = excluded.at
            """, cancellationToken, ("run", review.RunId), ("customer", review.CustomerCode), ("article", review.Article), ("decision", review.Decision),
            ("note", review.Note), ("actor", review.Actor), ("at", review.At));
        return review;
    }

    /// <summary>The decisions on a run (the latest by default), optionally of one customer.</summary>
    public async Task<IReadOnlyList<RecommendationReview>> ListAsync(long? runId = null, string? customerCode = null, CancellationToken cancellationToken = default)
    {
        var filters = new List<(string Name, object? Value)>();
        var where = "run_id = " + (runId is null ? LatestRun : "@run");
        if (runId is { } run)
        {
            filters.Add(("run", run));
        }

        if (!string.IsNullOrWhiteSpace(customerCode))
        {
            where += " AND customer_code = @customer";
            filters.Add(("customer", customerCode.Trim()));
        }

        return await _database.QueryAsync($"SELECT run_id, customer_code, article, decision, note, actor, at FROM recommendation_reviews WHERE {where} ORDER BY customer_code, article",
            ReadReview, cancellationToken, [.. filters]);
    }

    /// <summary>The (customer, article) pairs rejected in a run's review.</summary>
    internal static async Task<HashSet<(string Customer, string Article)>> RejectedAsync(SqlDatabase database, long runId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT customer_code, article FROM recommendation_reviews WHERE run_id = @run AND decision = 'rejected'",
            r => (r.Text(0), r.Text(1)), cancellationToken, ("run", runId))).ToHashSet();

    private static RecommendationReview ReadReview(System.Data.Common.DbDataReader r) =>
        new(r.Long(0), r.Text(1), r.Text(2), r.Text(3), r.Str(4), r.Text(5), r.Time(6)!.Value);
}
