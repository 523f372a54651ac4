using System.Data.Common;
using System.Globalization;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Analytics;

/// <summary>A customer whose segment changed between two analytics runs.</summary>
public sealed record SegmentMove(string CustomerCode, string From, string To);

/// <summary>Stores analytics runs per customer and tells what moved between the last two.</summary>
public sealed class AnalyticsStore
{
    private static readonly StageColumn[] ScoreColumns =
    [
        StageColumn.Long("run_id"), StageColumn.Text("customer_code"), StageColumn.Int("recency_days"), StageColumn.Int("orders"),
        Real("monetary"), StageColumn.Int("r_score"), StageColumn.Int("f_score"), StageColumn.Int("m_score"), StageColumn.Text("segment"),
        Real("p_alive"), Real("expected_90"), Real("expected_365"), Real("expected_value"), Real("clv_12m"), Real("typical_gap_days"),
        StageColumn.Date("next_order_date"), StageColumn.Bool("is_due"), Real("diversity_entropy"), StageColumn.Int("variety_count"),
        StageColumn.Text("taste_kind"), StageColumn.Text("favourite_variety"), Real("propensity_90"),
    ];

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal AnalyticsStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }


    /// <summary>Saves a run and its per-customer scores in one transaction; returns the run id.</summary>
    public async Task<long> SaveAsync(AnalyticsResult result, PropensityResult? propensity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var b = result.BgNbd;
        var g = result.GammaGamma;
        var id = await SqlDatabase.ScalarAsync<long>(connection, transaction, """
            INSERT INTO analytics_runs (created_at, as_of, customers, bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_ll, gg_p, gg_q, gg_gamma, estate_gap_days, propensity_auc, bgnbd_auc)
            VALUES (@now, @asof, @n, @r, @alpha, @a, @b, @ll, @p, @q, @gamma, @gap, @pauc, @bauc) RETURNING id
            """, cancellationToken,
            ("now", _time.GetUtcNow()), ("asof", AsDate(result.AsOf)), ("n", result.Customers.Count), ("r", b.R), ("alpha", b.Alpha), ("a", b.A), ("b", b.B),
            ("ll", b.LogLikelihood), ("p", Finite(g?.P)), ("q", Finite(g?.Q)), ("gamma", Finite(g?.Gamma)), ("gap", result.EstateGapDays), ("pauc", propensity?.ModelAuc), ("bauc", propensity?.BgNbdAuc));
        await _database.BulkInsertAsync(connection, transaction, "customer_scores", ScoreColumns, result.Customers.Select(c => new object?[]
        {
            id, c.CustomerId, c.RecencyDays, c.Orders, c.Monetary, c.RScore, c.FScore, c.MScore, c.Segment, c.ProbabilityAlive,
            c.ExpectedPurchases90, c.ExpectedPurchases365, c.ExpectedAverageValue, c.Clv12Months, c.TypicalGapDays, c.NextOrderDate,
            c.IsDue, c.DiversityEntropy, c.VarietyCount, c.TasteKind, c.FavouriteVariety, c.Propensity90,
        }), cancellationToken);
        await ModelChoiceRows.SaveAsync(_database, connection, transaction, id, result, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Customers whose segment differs between the run before <paramref name="runId"/> and it.</summary>
    public async Task<IReadOnlyList<SegmentMove>> MovesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = SqlDatabase.Command(connection, null, """
            SELECT cur.customer_code, prev.segment, cur.segment
            FROM customer_scores cur
            JOIN customer_scores prev ON prev.customer_code = cur.customer_code
             AND prev.run_id = (SELECT MAX(id) FROM analytics_runs WHERE id < @run)
            WHERE cur.run_id = @run AND prev.segment <> cur.segment
            ORDER BY cur.customer_code
            """, ("run", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var moves = new List<SegmentMove>();
        while (await reader.ReadAsync(cancellationToken))
        {
            moves.Add(new SegmentMove(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return moves;
    }

    private static StageColumn Real(string name) => new(name, "double precision", NpgsqlTypes.NpgsqlDbType.Double, "REAL");

    // SQLite keeps dates as ISO text; PostgreSQL takes DateOnly as date.
    private object AsDate(DateOnly date) => _database.Provider == DatabaseProvider.Sqlite ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date;

    private static object? Finite(double? value) => value is { } v && double.IsFinite(v) && Math.Abs(v) < 1e300 ? v : null;
}
