namespace CrmReco.Contracts;

/// <summary>One data-quality check: how many records fail it, out of how many, a sample of them, and the
/// points it takes off the 0–100 score.</summary>
public sealed record HealthCheck(string Code, string TitleFr, string TitleEn, int Count, int OutOf, double Penalty, double MaxPenalty, IReadOnlyList<HealthRecord> Records);

/// <summary>An offending record: its key and a short description.</summary>
public sealed record HealthRecord(string Key, string Description);

/// <summary>The data-health report: the checks and a 0–100 score (100 = nothing to fix).</summary>
public sealed record DataHealthReport(int Score, DateTimeOffset At, IReadOnlyList<HealthCheck> Checks);
