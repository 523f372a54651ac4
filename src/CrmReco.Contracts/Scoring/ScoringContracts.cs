namespace CrmReco.Contracts;

/// <summary>A segment of an analytics run: how many customers, their revenue and value.</summary>
public sealed record SegmentSummary(string Segment, string SegmentFr, string SegmentEn, int Customers, double Revenue, double Clv12Months, double AverageProbabilityAlive);

/// <summary>The segments of one run.</summary>
public sealed record SegmentReport(long? RunId, DateOnly? AsOf, IReadOnlyList<SegmentSummary> Segments);

/// <summary>How many customers went from one segment to another between two runs.</summary>
public sealed record SegmentFlow(string From, string To, string FromFr, string ToFr, int Customers);

/// <summary>The movement between two analytics runs.</summary>
public sealed record SegmentMovement(long FromRun, long ToRun, IReadOnlyList<SegmentFlow> Flows, int Moved, int Stayed);

/// <summary>An analytics run.</summary>
public sealed record AnalyticsRunItem(long Id, DateTimeOffset CreatedAt, DateOnly AsOf, int Customers, double R, double Alpha, double A, double B, double LogLikelihood, double? PropensityAuc, double? BgNbdAuc);

/// <summary>A recommendation run.</summary>
public sealed record RecommendationRunItem(long Id, DateTimeOffset CreatedAt, DateOnly AsOf, int K, int Customers, int Items, int Removals);

/// <summary>One cell of the recency × frequency grid: the customers with these two quintile scores (1–5, 5 best).</summary>
/// <param name="Segment">The segment most of the cell's customers are in.</param>
public sealed record RfmCell(int R, int F, int Customers, double Revenue, string Segment, string SegmentFr, string SegmentEn);

/// <summary>The R×F grid of a run: every non-empty cell, with the scores' range.</summary>
public sealed record RfmGrid(long? RunId, DateOnly? AsOf, int MaxScore, IReadOnlyList<RfmCell> Cells);
