using System.Data.Common;
using System.Text.Json;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>A campaign's filters as stored (JSON in <c>campaigns.filters</c>).</summary>
internal sealed record CampaignFilters(IReadOnlyList<string> Segments, IReadOnlyList<string> Scenarios, IReadOnlyList<string> Customers);

/// <summary>One recommended wine of a run.</summary>
internal sealed record RunItem(string CustomerCode, string Scenario, int Rank, string Article, string TextFr, string TextEn);

/// <summary>A recipient row to insert.</summary>
internal sealed record NewRecipient(string CustomerCode, string? Email, string Segment, string Scenario, string? Group, string Status, string? Reason);

/// <summary>A wine row to insert.</summary>
internal sealed record NewItem(string CustomerCode, int Rank, string Article, string ReasonFr, string ReasonEn, string? RemovedReason);

/// <summary>A recipient as the sender needs it: who, and the wines still on their list.</summary>
internal sealed record SendRecipient(string CustomerCode, string Status, int? Batch, IReadOnlyList<SendItem> Items);

/// <summary>A wine of a recipient, with its catalogue fields.</summary>
internal sealed record SendItem(int Rank, string Article, string? Label, int? Vintage, decimal? Price, string ReasonFr, string ReasonEn, string? RemovedReason);

/// <summary>A call of the send log.</summary>
internal sealed record BatchRow(int BatchNo, string IdempotencyKey, string Status, DateTimeOffset StartedAt);

/// <summary>Campaigns, their recipients and wines, and the send log, in the database. States change only by
/// compare-and-set (<see cref="TransitionAsync"/>), so two processes cannot both approve or both start a send.</summary>
public sealed class CampaignStore
{
    private const string SummaryColumns = "id, name, state, run_id, subject, template, language, send_at, holdout_share, seed, created_at, created_by, approved_at, approved_by, sent_at, filters";

    private static readonly StageColumn[] RecipientColumns =
    [
        StageColumn.Long("campaign_id"), StageColumn.Text("customer_code"), StageColumn.Text("email"), StageColumn.Text("segment"), StageColumn.Text("scenario"),
        StageColumn.Text("grp"), StageColumn.Text("status"), StageColumn.Text("reason"), new("created_at", "timestamptz", NpgsqlTypes.NpgsqlDbType.TimestampTz, "TEXT"),
    ];

    private static readonly StageColumn[] ItemColumns =
    [
        StageColumn.Long("campaign_id"), StageColumn.Text("customer_code"), StageColumn.Int("rank"), StageColumn.Text("article"), StageColumn.Text("reason_fr"),
        StageColumn.Text("reason_en"), StageColumn.Text("removed_reason"),
    ];

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal CampaignStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    internal SqlDatabase Database => _database;


    internal async Task<long?> LatestRunAsync(CancellationToken cancellationToken)
    {
        var rows = await _database.QueryAsync("SELECT MAX(id) FROM recommendation_runs", r => r.IsDBNull(0) ? (long?)null : r.Long(0), cancellationToken);
        return rows[0];
    }

    internal async Task<bool> RunExistsAsync(long runId, CancellationToken cancellationToken) =>
        (await _database.QueryAsync("SELECT COUNT(*) FROM recommendation_runs WHERE id = @id", r => r.Long(0), cancellationToken, ("id", runId)))[0] > 0;

    internal Task<List<RunItem>> LoadRunItemsAsync(long runId, CancellationToken cancellationToken) => _database.QueryAsync(
        "SELECT customer_code, scenario, rank, article, text_fr, text_en FROM recommendations WHERE run_id = @id ORDER BY customer_code, rank",
        r => new RunItem(r.Text(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5)), cancellationToken, ("id", runId));

    /// <summary>Each customer's segment in the latest analytics run.</summary>
    internal async Task<Dictionary<string, string>> LoadSegmentsAsync(CancellationToken cancellationToken) =>
        (await _database.QueryAsync("SELECT customer_code, segment FROM customer_scores WHERE run_id = (SELECT MAX(id) FROM analytics_runs)",
            r => (r.Text(0), r.Text(1)), cancellationToken)).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    internal async Task<long> InsertAsync(CreateCampaignRequest request, long runId, string subject, string template, string language, double holdout, long seed, string actor,
        IReadOnlyList<NewRecipient> recipients, IReadOnlyList<NewItem> items, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var filters = JsonSerializer.Serialize(new CampaignFilters(request.Segments ?? [], request.Scenarios ?? [], request.Customers ?? []));
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await SqlDatabase.ScalarAsync<long>(connection, transaction, """
            INSERT INTO campaigns (name, state, run_id, filters, subject, template, language, send_at, holdout_share, seed, created_at, created_by, updated_at)
            VALUES (@name, 'draft', @run, @filters, @subject, @template, @language, @sendAt, @holdout, @seed, @now, @actor, @now) RETURNING id
            """, cancellationToken, ("name", request.Name.Trim()), ("run", runId), ("filters", filters), ("subject", subject), ("template", template), ("language", language),
            ("sendAt", request.SendAt), ("holdout", holdout), ("seed", seed), ("now", now), ("actor", actor));
        await _database.BulkInsertAsync(connection, transaction, "campaign_recipients", RecipientColumns,
            recipients.Select(r => new object?[] { id, r.CustomerCode, r.Email, r.Segment, r.Scenario, r.Group, r.Status, r.Reason, TimeValue(now) }), cancellationToken);
        await _database.BulkInsertAsync(connection, transaction, "campaign_items", ItemColumns,
            items.Select(i => new object?[] { id, i.CustomerCode, i.Rank, i.Article, i.ReasonFr, i.ReasonEn, i.RemovedReason }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Campaigns, newest first.</summary>
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var campaigns = await _database.QueryAsync($"SELECT {SummaryColumns} FROM campaigns ORDER BY id DESC", ReadSummaryRow, cancellationToken);
        var result = new List<CampaignSummary>();
        foreach (var (row, _) in campaigns)
        {
            result.Add(row with { Counts = await CountsAsync(row.Id, cancellationToken) });
        }

        return result;
    }

    /// <summary>One campaign with its recipients and their wines; null when there is none.</summary>
    public async Task<CampaignDetail?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync($"SELECT {SummaryColumns} FROM campaigns WHERE id = @id", ReadSummaryRow, cancellationToken, ("id", id));
        if (rows.Count == 0)
        {
            return null;
        }

        var (summary, filters) = rows[0];
        var language = summary.Language;
        var items = (await LoadItemsAsync(id, null, cancellationToken)).ToLookup(i => i.CustomerCode, StringComparer.Ordinal);
        var recipients = await _database.QueryAsync("""
            SELECT r.customer_code, r.email, c.first_name, c.last_name, r.segment, r.scenario, r.grp, r.status, r.reason, r.message_id, r.batch_no, r.sent_at
            FROM campaign_recipients r LEFT JOIN customers c ON c.code = r.customer_code
            WHERE r.campaign_id = @id ORDER BY r.customer_code
            """, r => new CampaignRecipient(r.Text(0), r.Str(1), string.Join(' ', new[] { r.Str(2), r.Str(3) }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } n ? n : null,
                r.Text(4), r.Text(5), r.Str(6), r.Text(7), r.Str(8), r.Str(9), r.NullableInt(10), r.Time(11), []), cancellationToken, ("id", id));
        var detailed = recipients.Select(r => r with
        {
            Items = items[r.CustomerCode].Select(i => new CampaignItem(i.Item.Rank, i.Item.Article, i.Item.Label, i.Item.Vintage, i.Item.Price, language == "en" ? i.Item.ReasonEn : i.Item.ReasonFr, i.Item.RemovedReason)).ToList(),
        }).ToList();
        return new CampaignDetail(summary with { Counts = await CountsAsync(id, cancellationToken) }, filters.Segments, filters.Scenarios, filters.Customers, detailed);
    }

    /// <summary>The campaign's summary; null when there is none.</summary>
    public async Task<CampaignSummary?> GetSummaryAsync(long id, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync($"SELECT {SummaryColumns} FROM campaigns WHERE id = @id", ReadSummaryRow, cancellationToken, ("id", id));
        return rows.Count == 0 ? null : rows[0].Summary with { Counts = await CountsAsync(id, cancellationToken) };
    }

    /// <summary>Moves the campaign from one of <paramref name="from"/> to <paramref name="to"/>, setting the
    /// given columns too; false when it was not in one of those states (someone else moved it).</summary>
    internal async Task<bool> TransitionAsync(long id, IReadOnlyList<string> from, string to, CancellationToken cancellationToken, params (string Column, object? Value)[] set)
    {
        var now = _time.GetUtcNow();
        var states = string.Join(", ", from.Select((_, i) => "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var assignments = string.Concat(set.Select(s => $", {s.Column} = @{s.Column}"));
        var parameters = new List<(string, object?)> { ("id", id), ("to", to), ("now", now) };
        parameters.AddRange(from.Select((s, i) => ("s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)s)));
        parameters.AddRange(set.Select(s => (s.Column, s.Value)));
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null, $"UPDATE campaigns SET state = @to, updated_at = @now{assignments} WHERE id = @id AND state IN ({states})", cancellationToken, parameters.ToArray()) == 1;
    }

    /// <summary>Changes a draft's subject, template, language or send date.</summary>
    internal async Task<bool> UpdateDraftAsync(long id, UpdateCampaignRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null, """
            UPDATE campaigns SET name = COALESCE(@name, name), subject = COALESCE(@subject, subject), template = COALESCE(@template, template), language = COALESCE(@language, language),
                   send_at = COALESCE(@sendAt, send_at), updated_at = @now
            WHERE id = @id AND state = 'draft'
            """, cancellationToken, ("name", string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim()), ("subject", request.Subject), ("template", request.Template), ("language", request.Language), ("sendAt", request.SendAt), ("now", _time.GetUtcNow()), ("id", id)) == 1;
    }

    /// <summary>Excludes a not-yet-sent recipient with a reason (review, or a rule failing at send).</summary>
    internal async Task<bool> ExcludeAsync(long id, string customerCode, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null,
            "UPDATE campaign_recipients SET status = 'excluded', reason = @reason WHERE campaign_id = @id AND customer_code = @code AND status = 'pending'", cancellationToken,
            ("reason", reason), ("id", id), ("code", customerCode)) == 1;
    }

    /// <summary>Removes one wine of a recipient (review, or sold out at send).</summary>
    internal async Task<bool> RemoveItemAsync(long id, string customerCode, int rank, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null,
            "UPDATE campaign_items SET removed_reason = @reason WHERE campaign_id = @id AND customer_code = @code AND rank = @rank AND removed_reason IS NULL", cancellationToken,
            ("reason", reason), ("id", id), ("code", customerCode), ("rank", rank)) == 1;
    }

    /// <summary>Treatment recipients in the given statuses, with their wines.</summary>
    internal async Task<List<SendRecipient>> LoadRecipientsAsync(long id, IReadOnlyList<string> statuses, CancellationToken cancellationToken)
    {
        var items = (await LoadItemsAsync(id, null, cancellationToken)).ToLookup(i => i.CustomerCode, i => i.Item, StringComparer.Ordinal);
        var list = string.Join(", ", statuses.Select(s => "'" + s + "'"));
        return await _database.QueryAsync($"SELECT customer_code, status, batch_no FROM campaign_recipients WHERE campaign_id = @id AND grp = 'treatment' AND status IN ({list}) ORDER BY customer_code",
            r => new SendRecipient(r.Text(0), r.Text(1), r.NullableInt(2), items[r.Text(0)].ToList()), cancellationToken, ("id", id));
    }

    internal async Task<List<(string CustomerCode, SendItem Item)>> LoadItemsAsync(long id, string? customerCode, CancellationToken cancellationToken) =>
        await _database.QueryAsync($"""
            SELECT i.customer_code, i.rank, i.article, p.label, p.vintage, p.price_ttc, i.reason_fr, i.reason_en, i.removed_reason
            FROM campaign_items i LEFT JOIN products p ON p.article = i.article
            WHERE i.campaign_id = @id {(customerCode is null ? string.Empty : "AND i.customer_code = @code")}
            ORDER BY i.customer_code, i.rank
            """, r => (r.Text(0), new SendItem(r.Int(1), r.Text(2), r.Str(3), r.NullableInt(4), r.NullableDecimal(5), r.Text(6), r.Text(7), r.Str(8))), cancellationToken,
            ("id", id), ("code", customerCode));

    internal Task<List<BatchRow>> LoadBatchesAsync(long id, string status, CancellationToken cancellationToken) => _database.QueryAsync(
        "SELECT batch_no, idempotency_key, status, started_at FROM campaign_batches WHERE campaign_id = @id AND status = @status ORDER BY batch_no",
        r => new BatchRow(r.Int(0), r.Text(1), r.Text(2), r.Time(3)!.Value), cancellationToken, ("id", id), ("status", status));

    /// <summary>Writes the send log before the call: the batch row, and each recipient 'sending' with its batch. One transaction.</summary>
    internal async Task<int> BeginBatchAsync(long id, Func<int, string> key, string transport, IReadOnlyList<(string Code, string Email)> customers, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = (int)await SqlDatabase.ScalarAsync<long>(connection, transaction, "SELECT COALESCE(MAX(batch_no), 0) + 1 FROM campaign_batches WHERE campaign_id = @id", cancellationToken, ("id", id));
        var batchKey = key(batch);
        await SqlDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO campaign_batches (campaign_id, batch_no, idempotency_key, transport, status, recipients, started_at) VALUES (@id, @batch, @key, @transport, 'sending', @n, @now)
            """, cancellationToken, ("id", id), ("batch", batch), ("key", batchKey), ("transport", transport), ("n", customers.Count), ("now", now));
        foreach (var (code, email) in customers)
        {
            var updated = await SqlDatabase.ExecuteAsync(connection, transaction,
                "UPDATE campaign_recipients SET status = 'sending', batch_no = @batch, sending_at = @now, email = @email WHERE campaign_id = @id AND customer_code = @code AND status = 'pending' AND grp = 'treatment'",
                cancellationToken, ("batch", batch), ("now", now), ("email", email), ("id", id), ("code", code));
            if (updated != 1)
            {
                throw new InvalidOperationException($"Campaign {id}: recipient {code} is no longer pending; the send stops rather than risk a second email.");
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return batch;
    }

    /// <summary>Closes a batch: sent with the message ids (one per recipient, in order, or one for all), failed with the error, or uncertain.</summary>
    internal async Task CloseBatchAsync(long id, int batch, string status, IReadOnlyList<(string CustomerCode, string? MessageId)> recipients, string? error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, transaction, "UPDATE campaign_batches SET status = @status, finished_at = @now, error = @error WHERE campaign_id = @id AND batch_no = @batch",
            cancellationToken, ("status", status), ("now", now), ("error", error), ("id", id), ("batch", batch));
        foreach (var (code, messageId) in recipients)
        {
            await SqlDatabase.ExecuteAsync(connection, transaction, """
                UPDATE campaign_recipients SET status = @status, message_id = COALESCE(@mid, message_id), reason = @error, sent_at = @sentAt
                WHERE campaign_id = @id AND customer_code = @code AND batch_no = @batch AND status = 'sending'
                """, cancellationToken, ("status", status), ("mid", messageId), ("error", status == RecipientStatuses.Sent ? null : error),
                ("sentAt", status == RecipientStatuses.Sent ? now : null), ("id", id), ("code", code), ("batch", batch));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Recipients per status and group, and exclusions per reason.</summary>
    public async Task<CampaignCounts> CountsAsync(long id, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync("SELECT COALESCE(grp, ''), status, COALESCE(reason, ''), COUNT(*) FROM campaign_recipients WHERE campaign_id = @id GROUP BY grp, status, reason",
            r => (Group: r.Text(0), Status: r.Text(1), Reason: r.Text(2), Count: r.Int(3)), cancellationToken, ("id", id));
        int Sum(Func<(string Group, string Status, string Reason, int Count), bool> where) => rows.Where(where).Sum(r => r.Count);
        var excluded = rows.Where(r => r.Status == RecipientStatuses.Excluded && r.Group != CampaignGroups.Control).GroupBy(r => r.Reason, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal);
        return new CampaignCounts(
            Sum(r => r.Group.Length > 0),
            Sum(r => r.Group == CampaignGroups.Treatment),
            Sum(r => r.Group == CampaignGroups.Control),
            Sum(r => r.Status == RecipientStatuses.Excluded && r.Group != CampaignGroups.Control),
            Sum(r => r.Status == RecipientStatuses.Sent),
            Sum(r => r.Status == RecipientStatuses.Failed),
            Sum(r => r.Status == RecipientStatuses.Uncertain),
            Sum(r => r.Group == CampaignGroups.Treatment && r.Status is RecipientStatuses.Pending or RecipientStatuses.Sending),
            excluded);
    }

    /// <summary>Approved campaigns whose send date has come (or that have none), and interrupted sends.</summary>
    internal async Task<List<long>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await _database.QueryAsync("SELECT id, state, send_at FROM campaigns WHERE state IN ('approved', 'sending') ORDER BY id", r => (r.Long(0), r.Text(1), r.Time(2)), cancellationToken);
        return rows.Where(r => r.Item2 == CampaignStates.Sending || r.Item3 is null || r.Item3 <= now).Select(r => r.Item1).ToList();
    }

    private object TimeValue(DateTimeOffset value) => _database.Provider == DatabaseProvider.Sqlite
        ? value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture)
        : value;

    private static (CampaignSummary Summary, CampaignFilters Filters) ReadSummaryRow(DbDataReader r) => (
        new CampaignSummary(r.Long(0), r.Text(1), r.Text(2), r.Long(3), r.Text(4), r.Text(5), r.Text(6), r.Time(7), r.Dbl(8), r.Long(9), r.Time(10)!.Value, r.Text(11), r.Time(12), r.Str(13), r.Time(14),
            new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>())),
        JsonSerializer.Deserialize<CampaignFilters>(r.Text(15)) ?? new CampaignFilters([], [], []));
}
