using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace CrmReco.Core.Jobs;

/// <summary>A job the worker runs on a schedule and the command line or the API runs on demand. Plain code with
/// no hosting: <see cref="JobRunner"/> takes the lock, records the run and calls <see cref="RunAsync"/>.</summary>
public interface ICrmJob
{
    /// <summary>Stable lower-case name (letters, digits, '-'): the lock key, the history's job column, the CLI argument.</summary>
    string Name { get; }

    /// <summary>Runs the job once. Cancellation means "stop cleanly": leave nothing half-written and throw.</summary>
    Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>What a job gets from the runner.</summary>
/// <param name="RunId">The job_runs row of this run.</param>
/// <param name="Trigger">One of <see cref="JobTriggers"/>.</param>
/// <param name="ConnectionString">The database the job works on.</param>
/// <param name="Log">The host's logger (journald under systemd, stderr on the command line); each line is in the
/// scope of the job's name, run id and trigger.</param>
public sealed record JobContext(long RunId, string Trigger, string ConnectionString, TimeProvider Time, ILogger Log);

/// <summary>Why a run started.</summary>
public static class JobTriggers
{
    public const string Schedule = "schedule";
    /// <summary>At start, once, for occurrences missed while no worker ran.</summary>
    public const string CatchUp = "catch-up";
    public const string Manual = "manual";
    public const string Cli = "cli";
    public const string Api = "api";

    public static IReadOnlyList<string> All { get; } = [Schedule, CatchUp, Manual, Cli, Api];
}

/// <summary>Outcome of a run.</summary>
public static class JobStatuses
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>Stopped before the end (shutdown, or the process died: set by the next run of the job).</summary>
    public const string Abandoned = "abandoned";
    /// <summary>Not run: another process held the job's lock.</summary>
    public const string SkippedLocked = "skipped-locked";
}

/// <summary>Named counts a run reports ("files": 3, "rows_loaded": 1200…), stored as a JSON object.</summary>
public sealed class JobCounts
{
    private readonly SortedDictionary<string, long> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Values => _values;

    public long this[string name]
    {
        get => _values.GetValueOrDefault(name);
        set => _values[name] = value;
    }

    /// <summary>Adds to a count (starting from 0) and returns this, for chaining.</summary>
    public JobCounts Add(string name, long value)
    {
        _values[name] = _values.GetValueOrDefault(name) + value;
        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    public static JobCounts FromJson(string? json)
    {
        var counts = new JobCounts();
        if (!string.IsNullOrWhiteSpace(json))
        {
            foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [])
            {
                counts[name] = value;
            }
        }

        return counts;
    }

    public override string ToString() => string.Join(", ", _values.Select(v => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v.Key}={v.Value}")));
}

/// <summary>What <see cref="JobRunner.RunOnceAsync"/> did.</summary>
public sealed record JobRunResult(long RunId, string Job, string Trigger, string Status, IReadOnlyDictionary<string, long> Counts, string? Error)
{
    /// <summary>The failure, for the host's log (not serialized).</summary>
    [JsonIgnore]
    public Exception? Exception { get; init; }
}
