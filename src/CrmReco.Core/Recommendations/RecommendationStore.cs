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

    /// <summary>The per-source columns of recommendation_source_scores, in the order of <see cref="BlendWeights.Names"/>.</summary>
    internal static readonly IReadOnlyList<string> SourceScoreColumns = ["mf", "item_knn", "rules", "rebuy", "popularity", "seasonal", "upsell", "discovery", "variety_mix", "buy_again"];

    private static readonly StageColumn[] ScoreColumns =
    [
        StageColumn.Long("run_id"), StageColumn.Text("customer_code"), StageColumn.Text("article"), StageColumn.Text("removed_by"), Real("blend"),
        .. SourceScoreColumns.Select(Real),
    ];

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
            "INSERT INTO recommendation_runs (created_at, as_of, k, customers, items, learned_weights) VALUES (@now, @asof, @k, @customers, @items, @learned) RETURNING id", cancellationToken,
            ("now", _time.GetUtcNow()), ("asof", asOf), ("k", run.K), ("customers", run.Customers.Count), ("items", run.Customers.Sum(c => c.Items.Count)),
            ("learned", run.LearnedWeights is { } learned ? WeightsJson(learned) : null));
        await _database.BulkInsertAsync(connection, transaction, "recommendations", ItemColumns, run.Customers.SelectMany(c => c.Items.Select(i => new object?[]
        {
            id, c.CustomerId, c.Scenario, i.Rank, i.ProductId, i.Score, i.Source, i.Reason.Code, JsonSerializer.Serialize(i.Reason.Parameters), i.TextFr, i.TextEn,
        })), cancellationToken);
        await _database.BulkInsertAsync(connection, transaction, "guardrail_removals", RemovalColumns, run.Removed.Select(r => new object?[] { id, r.CustomerId, r.ProductId, r.Rule, r.Detail }), cancellationToken);
        await _database.BulkInsertAsync(connection, transaction, "recommendation_email_blocks", BlockColumns, run.Customers.Where(c => c.EmailBlock is not null)
            .Select(c => new object?[] { id, c.CustomerId, c.EmailBlock!.Rule, c.EmailBlock.Until, c.EmailBlock.Detail }), cancellationToken);
        // Each source's score behind the kept wines and the best removed candidates: the debug view reads only the
        // latest run, so the earlier runs' scores are dropped (the table holds one run, a few rows per customer).
        await SqlDatabase.ExecuteAsync(connection, transaction, "DELETE FROM recommendation_source_scores WHERE run_id < @id", cancellationToken, ("id", id));
        await _database.BulkInsertAsync(connection, transaction, "recommendation_source_scores", ScoreColumns, run.Customers.SelectMany(c => (c.Scores ?? []).Select(x => ScoreRow(id, c.CustomerId, x))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Blend weights as stored with a run (sql 014): a JSON object of source name to weight, in the order of
    /// <see cref="BlendWeights.Names"/>.</summary>
    internal static string WeightsJson(BlendWeights weights) =>
        JsonSerializer.Serialize(BlendWeights.Names.Zip(weights.ToArray()).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));

    /// <summary>Reads <see cref="WeightsJson"/> back; null when the text is not such an object.</summary>
    internal static BlendWeights? ParseWeights(string json)
    {
        try
        {
            var byName = JsonSerializer.Deserialize<Dictionary<string, double>>(json);
            return byName is null ? null : BlendWeights.FromArray(BlendWeights.Names.Select(n => byName.GetValueOrDefault(n)).ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object?[] ScoreRow(long runId, string customer, CandidateScores scores)
    {
        var row = new object?[5 + SourceScoreColumns.Count];
        (row[0], row[1], row[2], row[3], row[4]) = (runId, customer, scores.ProductId, scores.RemovedBy, (float)scores.Blend);
        for (var s = 0; s < SourceScoreColumns.Count && s < scores.Sources.Length; s++)
        {
            row[5 + s] = float.IsNaN(scores.Sources[s]) ? null : scores.Sources[s];
        }

        return row;
    }

    private static StageColumn Real(string name) => new(name, "real", NpgsqlTypes.NpgsqlDbType.Real, "REAL");

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
