namespace CrmReco.Contracts;

/// <summary>The decisions of the marketing review of a run's recommendations.</summary>
public static class RecommendationDecisions
{
    public const string Approved = "approved";

    /// <summary>Not put in a campaign created from that run.</summary>
    public const string Rejected = "rejected";
}

/// <summary>A marketing decision on one recommended wine of one customer in one run.</summary>
public sealed record RecommendationReview(long RunId, string CustomerCode, string Article, string Decision, string? Note, string Actor, DateTimeOffset At);

/// <summary>Approves or rejects a recommendation of the latest run (PUT /api/recommendations/reviews/{customer}/{article}).</summary>
public sealed record RecommendationReviewRequest(string Decision, string? Note = null);

/// <summary>Where the blend weights of a debug view come from (<see cref="RecommendationDebug.WeightsOrigin"/>).</summary>
public static class BlendWeightOrigins
{
    /// <summary>The hand-set weights of the customer's scenario.</summary>
    public const string Scenario = "scenario";

    /// <summary>The one blend the run learned on the database's own history (`crmreco recommend --learned-weights`).</summary>
    public const string Learned = "learned";

    /// <summary>The customer had no history the sources trained on: the season alone, whatever the run.</summary>
    public const string ColdStart = "cold_start";
}

/// <summary>A source's weight in the blend the run used for the customer.</summary>
public sealed record SourceWeight(string Source, double Weight);

/// <summary>What one source gave a wine for one customer: its min-max normalized score (0–1) among the
/// customer's candidates; the blend is Σ weight × score.</summary>
public sealed record SourceScore(string Source, double Score);

/// <summary>One recommended wine as the engine stored it: the blended score, the source that contributed most
/// and the structured reason it gave, the review decision when there is one, and each source's score when the
/// run stored them.</summary>
public sealed record RecommendationDebugItem(
    int Rank, string Article, string? Label, double Score, string Source, string ReasonCode, IReadOnlyDictionary<string, string> ReasonParameters,
    string TextFr, string TextEn, string? Decision, IReadOnlyList<SourceScore>? SourceScores = null);

/// <summary>One of the best candidates a guardrail removed, with its blended score and each source's score.</summary>
public sealed record ScoredRemoval(string Article, string? Label, string Rule, double Blend, IReadOnlyList<SourceScore> SourceScores);

/// <summary>Why a customer got the wines of the latest run: scenario and the blend weights the run used, each item
/// with its score, leading source and each source's score, each candidate a guardrail removed (the best ones with
/// their scores). <see cref="PerSourceScoresStored"/> is false for a run stored before per-source scores were kept.</summary>
/// <param name="WeightsOrigin"><see cref="BlendWeightOrigins.Learned"/> when <see cref="Weights"/> are the weights the
/// run learned, <see cref="BlendWeightOrigins.ColdStart"/> for a customer without history (the season alone),
/// <see cref="BlendWeightOrigins.Scenario"/> when they are the scenario's.</param>
public sealed record RecommendationDebug(
    string CustomerCode, long RunId, DateOnly AsOf, string? Scenario, string? Segment, string? SegmentFr, bool Emailable,
    IReadOnlyList<SourceWeight> Weights, IReadOnlyList<RecommendationDebugItem> Items, IReadOnlyList<RemovedCandidate> Removed,
    bool PerSourceScoresStored, IReadOnlyList<ScoredRemoval>? ScoredRemovals = null, string WeightsOrigin = BlendWeightOrigins.Scenario);
