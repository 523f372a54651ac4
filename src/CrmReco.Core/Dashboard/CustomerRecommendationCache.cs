using System.Collections.Concurrent;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

/// <summary>
/// One customer's recommendations, the hot read of the API (a dashboard page, a mailing script per customer). A
/// stored run never changes, so its items are cached by (run, customer) with no expiry; only "which run is the
/// latest" is cached for <see cref="LatestRunTime"/>, so a new nightly run shows within that delay. The cache is
/// emptied when the latest run changes, which bounds it to one run's customers.
/// </summary>
internal sealed class CustomerRecommendationCache(SqlDatabase database, TimeProvider time)
{
    public static readonly TimeSpan LatestRunTime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(long Run, string Customer), IReadOnlyList<RecommendedItem>> _items = new();
    // A reference swapped whole, so concurrent requests never read a run id with another check's time.
    private LatestRun _latest = new(null, DateTimeOffset.MinValue);

    public async Task<IReadOnlyList<RecommendedItem>> GetAsync(long? runId, string customer, Func<System.Data.Common.DbDataReader, RecommendedItem> read, CancellationToken cancellationToken)
    {
        var run = runId ?? await LatestRunAsync(cancellationToken);
        if (run is null)
        {
            return [];
        }

        if (_items.TryGetValue((run.Value, customer), out var cached))
        {
            return cached;
        }

        var items = await database.QueryAsync("""
            SELECT r.run_id, r.customer_code, r.scenario, r.rank, r.article, p.label, r.score, r.source, r.reason_code, r.reason_json, r.text_fr, r.text_en, b.rule, b.until_date
            FROM recommendations r LEFT JOIN products p ON p.article = r.article
            LEFT JOIN recommendation_email_blocks b ON b.run_id = r.run_id AND b.customer_code = r.customer_code
            WHERE r.run_id = @run AND r.customer_code = @customer ORDER BY r.rank
            """, read, cancellationToken, ("run", run.Value), ("customer", customer));
        _items[(run.Value, customer)] = items;
        return items;
    }

    private async Task<long?> LatestRunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var latest = _latest;
        if (now - latest.CheckedAt < LatestRunTime)
        {
            return latest.Run;
        }

        var ids = await database.QueryAsync("SELECT MAX(id) FROM recommendation_runs", r => r.IsDBNull(0) ? (long?)null : r.Long(0), cancellationToken);
        var run = ids[0];
        if (run != latest.Run)
        {
            _items.Clear();
        }

        _latest = new LatestRun(run, now);
        return run;
    }

    private sealed record LatestRun(long? Run, DateTimeOffset CheckedAt);
}
