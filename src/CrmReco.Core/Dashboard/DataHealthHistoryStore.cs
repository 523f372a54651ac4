using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

/// <summary>
/// The data-health score over time. A snapshot (score and each check's count) is stored each time the report is
/// computed on purpose: by the nightly job and when an import finishes. Reading the report
/// (GET /api/data-health) stores nothing: reads never write.
/// </summary>
public sealed class DataHealthHistoryStore
{
    /// <summary>The snapshot written by the nightly job.</summary>
    public const string Nightly = "nightly";

    /// <summary>The snapshot written when an import finishes.</summary>
    public const string Import = "import";

    private readonly SqlDatabase _database;
    private readonly DashboardQueries _queries;
    private readonly TimeProvider _time;

    internal DataHealthHistoryStore(SqlDatabase database, DashboardQueries queries, TimeProvider time)
    {
        _database = database;
        _queries = queries;
        _time = time;
    }

    /// <summary>Computes the data-health report and stores its score and counts; returns the stored snapshot.</summary>
    /// <param name="source"><see cref="Nightly"/> or <see cref="Import"/>.</param>
    /// <param name="importId">The import that triggered it, if any.</param>
    public async Task<DataHealthSnapshot> RecordAsync(string source, long? importId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var report = await _queries.DataHealthAsync(0, cancellationToken);
        var at = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await SqlDatabase.ScalarAsync<long>(connection, transaction,
            "INSERT INTO data_health_history (at, source, import_id, score) VALUES (@at, @source, @import, @score) RETURNING id", cancellationToken,
            ("at", at), ("source", source), ("import", importId), ("score", report.Score));
        foreach (var check in report.Checks)
        {
            await SqlDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO data_health_history_checks (history_id, code, failing, out_of, penalty) VALUES (@id, @code, @failing, @outOf, @penalty)", cancellationToken,
                ("id", id), ("code", check.Code), ("failing", check.Count), ("outOf", check.OutOf), ("penalty", check.Penalty));
        }

        await transaction.CommitAsync(cancellationToken);
        return new DataHealthSnapshot(id, at, source, importId, report.Score,
            report.Checks.Select(c => new HealthCheckCount(c.Code, c.Count, c.OutOf, c.Penalty)).ToList());
    }

    /// <summary>The latest <paramref name="limit"/> snapshots (1–1000), oldest first.</summary>
    public async Task<DataHealthHistory> ListAsync(int limit = 90, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be between 1 and 1000.");
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await SqlReading.QueryAsync(connection, null,
            "SELECT id, at, source, import_id, score FROM data_health_history ORDER BY id DESC LIMIT @limit",
            r => (Id: r.Long(0), At: r.Time(1)!.Value, Source: r.Text(2), Import: r.IsDBNull(3) ? (long?)null : r.Long(3), Score: r.Int(4)), cancellationToken, ("limit", limit));
        if (rows.Count == 0)
        {
            return new DataHealthHistory([]);
        }

        var checks = (await SqlReading.QueryAsync(connection, null,
            "SELECT history_id, code, failing, out_of, penalty FROM data_health_history_checks WHERE history_id >= @first ORDER BY history_id, code",
            r => (Id: r.Long(0), Check: new HealthCheckCount(r.Text(1), r.Int(2), r.Int(3), r.Dbl(4))), cancellationToken, ("first", rows[^1].Id)))
            .ToLookup(c => c.Id, c => c.Check);
        return new DataHealthHistory(rows.AsEnumerable().Reverse()
            .Select(r => new DataHealthSnapshot(r.Id, r.At, r.Source, r.Import, r.Score, checks[r.Id].ToList())).ToList());
    }
}
