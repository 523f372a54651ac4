using System.Globalization;
using System.Text.Json;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Recommendations;

/// <summary>Stores recommendation runs: ranked items with reasons, every guardrail removal, and the customers an
/// email cannot carry as of the run (rule and until when).</summary>
public sealed class RecommendationStore
{
    private static readonly StageColumn[] ItemColumns =
    [
        StageColumn.Long("run_id"), StageColumn.Text("customer_code"), StageColumn.Text("scenario"), StageColumn.Int("rank"), StageColumn.Text("article"),
        new("score", "double precision", NpgsqlTypes.NpgsqlDbType.Double, "REAL"), StageColumn.Text("source"), StageColumn.Text("reason_code"),
        StageColumn.Text("reason_json"), StageColumn.Text("text_fr"), StageColumn.Text("text_en"),
    ];

    private static readonly StageColumn[] RemovalColumns =
        [StageColumn.Long("run_id"), StageColumn.Text("customer_code"), StageColumn.Text("article"), StageColumn.Text("rule"), StageColumn.Text("detail")];

    private static readonly StageColumn[] BlockColumns =
        [StageColumn.Long("run_id"), StageColumn.Text("customer_code"), StageColumn.Text("rule"), StageColumn.Date("until_date"), StageColumn.Text("detail")];

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal RecommendationStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }


    public async Task<long> SaveAsync(RecommendationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        object asOf = _database.Provider == DatabaseProvider.Sqlite ? run.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : run.AsOf;
        var id = await SqlDatabase.ScalarAsync<long>(connection, transaction,
            "INSERT INTO recommendation_runs (created_at, as_of, k, customers, items) VALUES (@now, @asof, @k, @customers, @items) RETURNING id", cancellationToken,
            ("now", _time.GetUtcNow()), ("asof", asOf), ("k", run.K), ("customers", run.Customers.Count), ("items", run.Customers.Sum(c => c.Items.Count)));
        await _database.BulkInsertAsync(connection, transaction, "recommendations", ItemColumns, run.Customers.SelectMany(c => c.Items.Select(i => new object?[]
        {
            id, c.CustomerId, c.Scenario, i.Rank, i.ProductId, i.Score, i.Source, i.Reason.Code, JsonSerializer.Serialize(i.Reason.Parameters), i.TextFr, i.TextEn,
        })), cancellationToken);
        await _database.BulkInsertAsync(connection, transaction, "guardrail_removals", RemovalColumns, run.Removed.Select(r => new object?[] { id, r.CustomerId, r.ProductId, r.Rule, r.Detail }), cancellationToken);
        await _database.BulkInsertAsync(connection, transaction, "recommendation_email_blocks", BlockColumns, run.Customers.Where(c => c.EmailBlock is not null)
            .Select(c => new object?[] { id, c.CustomerId, c.EmailBlock!.Rule, c.EmailBlock.Until, c.EmailBlock.Detail }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>How many items a run holds (for checks and the dashboard).</summary>
    public async Task<(int Items, int Removals)> CountAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var items = await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM recommendations WHERE run_id = @id", cancellationToken, ("id", runId));
        var removals = await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM guardrail_removals WHERE run_id = @id", cancellationToken, ("id", runId));
        return ((int)items, (int)removals);
    }

    /// <summary>The customers of a run an email cannot carry as of the run, by customer code.</summary>
    public async Task<IReadOnlyDictionary<string, EmailBlock>> LoadEmailBlocksAsync(long runId, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync("SELECT customer_code, rule, until_date, detail FROM recommendation_email_blocks WHERE run_id = @id",
            r => (Code: r.Text(0), Block: new EmailBlock(r.Text(1), r.Date(2), r.Str(3))), cancellationToken, ("id", runId)))
        .ToDictionary(b => b.Code, b => b.Block, StringComparer.Ordinal);
}
