namespace CrmReco.Contracts;

/// <summary>One data-quality check: how many records fail it, out of how many, a sample of them, and the
/// points it takes off the 0–100 score.</summary>
public sealed record HealthCheck(string Code, string TitleFr, string TitleEn, int Count, int OutOf, double Penalty, double MaxPenalty, IReadOnlyList<HealthRecord> Records);

/// <summary>An offending record: its key and a short description.</summary>
public sealed record HealthRecord(string Key, string Description);

/// <summary>The data-health report: the checks and a 0–100 score (100 = nothing to fix).</summary>
public sealed record DataHealthReport(int Score, DateTimeOffset At, IReadOnlyList<HealthCheck> Checks);

/// <summary>One check's count in a stored snapshot of the data-health report.</summary>
public sealed record HealthCheckCount(string Code, int Count, int OutOf, double Penalty);

/// <summary>The data-health score as stored when it was computed by the nightly job ("nightly") or after an
/// import ("import", with the import's id).</summary>
public sealed record DataHealthSnapshot(long Id, DateTimeOffset At, string Source, long? ImportId, int Score, IReadOnlyList<HealthCheckCount> Checks);

/// <summary>The score over time, oldest snapshot first.</summary>
public sealed record DataHealthHistory(IReadOnlyList<DataHealthSnapshot> Snapshots);
