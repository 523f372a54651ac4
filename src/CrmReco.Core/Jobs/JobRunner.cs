using System.Text.RegularExpressions;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmReco.Core.Jobs;

/// <summary>
/// Runs a job once, the same way whoever asks (schedule, catch-up, `crmreco job run`, the API): take the job's
/// lock or record "skipped-locked"; record the start; run; record succeeded, failed (with the error) or
/// abandoned (stopped by the token); release the lock. A job's failure is recorded and returned, not thrown.
/// </summary>
public sealed partial class JobRunner
{
    private readonly Dictionary<string, ICrmJob> _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    /// <param name="host">Who runs, in the history; default "machine:pid".</param>
    /// <param name="logger">Where progress and outcomes are written (the host's logger); default nowhere.</param>
    public JobRunner(JobRunStore runs, IEnumerable<ICrmJob> jobs, TimeProvider? time = null, string? host = null, ILogger<JobRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(jobs);
        Runs = runs;
        ConnectionString = runs.ConnectionString;
        _time = time ?? TimeProvider.System;
        _log = logger ?? NullLogger<JobRunner>.Instance;
        Host = host ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        _jobs = new Dictionary<string, ICrmJob>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!NamePattern().IsMatch(job.Name))
            {
                throw new ArgumentException($"Job name '{job.Name}' must be lower-case letters, digits and '-'.", nameof(jobs));
            }

            if (!_jobs.TryAdd(job.Name, job))
            {
                throw new ArgumentException($"Two jobs are named '{job.Name}'.", nameof(jobs));
            }
        }
    }

    public string ConnectionString { get; }

    public string Host { get; }

    /// <summary>The history this runner writes.</summary>
    public JobRunStore Runs { get; }

    /// <summary>The jobs it can run, by name, sorted.</summary>
    public IReadOnlyList<string> JobNames => _jobs.Keys.Order(StringComparer.Ordinal).ToList();

    public bool HasJob(string name) => _jobs.ContainsKey(name);

    /// <summary>Runs <paramref name="jobName"/> once under its lock and records the run.</summary>
    /// <exception cref="ArgumentException">No job has this name, or the trigger is unknown.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the run started (nothing recorded).</exception>
    public async Task<JobRunResult> RunOnceAsync(string jobName, string trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        if (!_jobs.TryGetValue(jobName, out var job))
        {
            throw new ArgumentException($"No job named '{jobName}'; jobs: {string.Join(", ", JobNames)}.", nameof(jobName));
        }

        if (!JobTriggers.All.Contains(trigger, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown trigger '{trigger}'; triggers: {string.Join(", ", JobTriggers.All)}.", nameof(trigger));
        }

        await using var jobLock = await JobLock.TryAcquireAsync(ConnectionString, jobName, cancellationToken);
        if (jobLock is null)
        {
            var skippedId = await Runs.RecordSkippedAsync(jobName, trigger, Host, cancellationToken);
            _log.SkippedLocked(jobName, trigger, skippedId);
            return new JobRunResult(skippedId, jobName, trigger, JobStatuses.SkippedLocked, new Dictionary<string, long>(), "Another worker was running this job.");
        }

        var runId = await Runs.StartAsync(jobName, trigger, Host, cancellationToken);
        _log.Started(jobName, runId, trigger);
        var started = _time.GetTimestamp();
        JobCounts counts;
        string status;
        string? error = null;
        Exception? failure = null;
        try
        {
            // The job's own lines carry its name, run and trigger (as fields, and as text where scopes are printed).
            using (_log.BeginScope("{Job} run #{RunId} ({Trigger})", jobName, runId, trigger))
            {
                counts = await job.RunAsync(new JobContext(runId, trigger, ConnectionString, _time, _log), cancellationToken);
            }

            status = JobStatuses.Succeeded;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            counts = new JobCounts();
            status = JobStatuses.Abandoned;
            error = "Stopped before the end (shutdown or cancel); the step in progress was rolled back.";
            failure = ex;
        }
        catch (Exception ex)
        {
            counts = new JobCounts();
            status = JobStatuses.Failed;
            error = $"{ex.GetType().Name}: {ex.Message}";
            failure = ex;
        }

        // Recorded even when stopping: the token is already cancelled, the outcome must still be written.
        await Runs.FinishAsync(runId, status, error, counts, CancellationToken.None);
        CrmRecoMetrics.JobFinished(jobName, status, _time.GetElapsedTime(started));
        _log.Finished(jobName, runId, status, _time.GetElapsedTime(started).TotalSeconds, error is null ? string.Empty : ": " + error.TrimEnd('.'), counts.Values.Count == 0 ? string.Empty : " (" + counts + ")");
        return new JobRunResult(runId, jobName, trigger, status, counts.Values, error) { Exception = failure };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
