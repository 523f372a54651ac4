namespace CrmReco.Contracts;

/// <summary>One recorded run.</summary>
/// <param name="Host">Machine and process that ran it ("web-1:4242").</param>
public sealed record JobRun(
    long Id,
    string Job,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    string? Error,
    IReadOnlyDictionary<string, long> Counts,
    string? Host);

/// <summary>A page of the history, newest first, and how many runs match in all.</summary>
public sealed record JobRunPage(IReadOnlyList<JobRun> Items, int Total, int Offset, int Limit);

/// <summary>A job, its schedule and its last run, as GET /api/jobs lists them.</summary>
public sealed record JobInfo(string Name, string Cron, string TimeZone, bool Enabled, bool ScheduledHere, JobRun? LastRun);
