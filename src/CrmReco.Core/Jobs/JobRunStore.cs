using System.Data.Common;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Jobs;

/// <summary>The job_runs history: every run of every job with its trigger, times, status, error and counts.
/// One per container (<c>AddCrmRecoCore</c>).</summary>
public sealed class JobRunStore
{
    private const string Columns = """id, job, "trigger", started_at, finished_at, status, error, counts, host""";
    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal JobRunStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <summary>The database the history is in (a job's lock is taken on the same one).</summary>
    internal string ConnectionString => _database.ConnectionString;

    /// <summary>Records the start of a run (committed at once, status running) and returns its id. Call it while
    /// holding the job's <see cref="JobLock"/>: runs of the same job still "running" then belong to a process
    /// that died, and are closed as abandoned.</summary>
    public async Task<long> StartAsync(string job, string trigger, string host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(trigger);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = _time.GetUtcNow();
        await SqlDatabase.ExecuteAsync(connection, transaction, """
            UPDATE job_runs SET status = @abandoned, finished_at = @now,
                                error = COALESCE(error, 'The process running it ended before the run finished.')
            WHERE job = @job AND status = @running
            """, cancellationToken, ("abandoned", JobStatuses.Abandoned), ("now", now), ("job", job), ("running", JobStatuses.Running));
        var id = await InsertAsync(connection, transaction, job, trigger, now, null, JobStatuses.Running, null, "{}", host, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Records a run that did not happen because another process held the job's lock.</summary>
    public async Task<long> RecordSkippedAsync(string job, string trigger, string host, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var now = _time.GetUtcNow();
        return await InsertAsync(connection, null, job, trigger, now, now, JobStatuses.SkippedLocked, "Another worker was running this job.", "{}", host, cancellationToken);
    }

    /// <summary>Closes a run with its outcome.</summary>
    public async Task FinishAsync(long runId, string status, string? error, JobCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, "UPDATE job_runs SET status = @status, finished_at = @now, error = @error, counts = @counts WHERE id = @id", cancellationToken,
            ("status", status), ("now", _time.GetUtcNow()), ("error", error), ("counts", counts.ToJson()), ("id", runId));
    }

    /// <summary>Runs newest first, optionally of one job, with the total for paging.</summary>
    public async Task<JobRunPage> ListAsync(int offset, int limit, string? job = null, CancellationToken cancellationToken = default)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 1000);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var filter = job is null ? string.Empty : "WHERE job = @job";
        var parameters = job is null ? [] : new[] { ("job", (object?)job) };
        var total = await SqlDatabase.ScalarAsync<long>(connection, null, $"SELECT COUNT(*) FROM job_runs {filter}", cancellationToken, parameters);
        var items = await ReadAsync(connection, $"SELECT {Columns} FROM job_runs {filter} ORDER BY id DESC LIMIT @limit OFFSET @offset", cancellationToken,
            [.. parameters, ("limit", limit), ("offset", offset)]);
        return new JobRunPage(items, (int)total, offset, limit);
    }

    /// <summary>One run, or null.</summary>
    public async Task<JobRun?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE id = @id", cancellationToken, ("id", runId))).SingleOrDefault();
    }

    /// <summary>When the job last started a run that counts as done for its schedule (running, succeeded or
    /// failed; not abandoned nor skipped), or null if never: what catch-up compares with the schedule.</summary>
    public async Task<DateTimeOffset?> LastStartAsync(string job, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var runs = await ReadAsync(connection, $"""
            SELECT {Columns} FROM job_runs WHERE job = @job AND status IN (@running, @succeeded, @failed)
            ORDER BY started_at DESC, id DESC LIMIT 1
            """, cancellationToken, ("job", job), ("running", JobStatuses.Running), ("succeeded", JobStatuses.Succeeded), ("failed", JobStatuses.Failed));
        return runs.Count == 0 ? null : runs[0].StartedAt;
    }

    /// <summary>Deletes finished runs started before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM job_runs WHERE started_at < @before AND status <> @running", cancellationToken,
            ("before", before.ToUniversalTime()), ("running", JobStatuses.Running));
    }

    private static async Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, string job, string trigger, DateTimeOffset startedAt, DateTimeOffset? finishedAt,
        string status, string? error, string counts, string host, CancellationToken cancellationToken) =>
        await SqlDatabase.ScalarAsync<long>(connection, transaction, """
            INSERT INTO job_runs (job, "trigger", started_at, finished_at, status, error, counts, host)
            VALUES (@job, @trigger, @started, @finished, @status, @error, @counts, @host) RETURNING id
            """, cancellationToken,
            ("job", job), ("trigger", trigger), ("started", startedAt), ("finished", finishedAt), ("status", status), ("error", error), ("counts", counts), ("host", host));

    private static async Task<List<JobRun>> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = SqlDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<JobRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new JobRun(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                JobCounts.FromJson(reader.GetString(7)).Values,
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return runs;
    }
}
