namespace CrmReco.Contracts;

/// <summary>A customer in a list, with the latest analytics and recommendation run's view of them.</summary>
public sealed record CustomerListItem(
    string Code, string? LastName, string? FirstName, string? Email, bool EmailValid, string? PostalCode, string? City,
    bool IsStub, bool Erased, string? Segment, string? SegmentFr, string? SegmentEn, string? Scenario,
    double? Clv12Months, double? ProbabilityAlive, double? Monetary, int? Orders);

/// <summary>Everything the analytics run says of one customer.</summary>
public sealed record CustomerScores(
    long RunId, DateOnly AsOf, int RecencyDays, int Orders, double Monetary, int RScore, int FScore, int MScore,
    string Segment, string SegmentFr, string SegmentEn, double ProbabilityAlive, double Expected90, double Expected365,
    double ExpectedValue, double Clv12Months, double TypicalGapDays, DateOnly NextOrderDate, bool IsDue,
    double DiversityEntropy, int VarietyCount, string TasteKind, string? FavouriteVariety, double? Propensity90);

/// <summary>A share of the customer's bottles and spend.</summary>
public sealed record TasteShare(string Key, double Bottles, double Spend, double BottleShare, double SpendShare);

/// <summary>The customer's taste, from their purchases: per variety, colour, style and price band.</summary>
public sealed record TasteProfile(IReadOnlyList<TasteShare> Varieties, IReadOnlyList<TasteShare> Colours, IReadOnlyList<TasteShare> Styles, IReadOnlyList<TasteShare> PriceBands);

/// <summary>One purchase line.</summary>
public sealed record Purchase(DateOnly Date, string DocumentNo, string DocumentType, string? Article, string? Label, decimal Quantity, decimal Bottles, decimal? AmountTtc);

/// <summary>Why an email cannot carry a customer's recommendations as of the run: the email rule
/// (<c>not_emailable</c>, <c>silence_window</c>) and the day it stops blocking (null: no date ends it, consent or
/// a valid address must change first). The recommendations stay; a campaign applies the rules again itself.</summary>
public sealed record EmailBlocked(string Rule, DateOnly? Until);

/// <summary>One recommended wine with its reason; <paramref name="EmailBlocked"/> when an email cannot carry it now.</summary>
public sealed record RecommendedItem(long RunId, string CustomerCode, string Scenario, int Rank, string Article, string? Label, double Score, string Source, string ReasonCode, string ReasonJson, string TextFr, string TextEn, EmailBlocked? EmailBlocked = null);

/// <summary>A candidate a guardrail removed, and the rule's name.</summary>
public sealed record RemovedCandidate(string Article, string? Label, string Rule);

/// <summary>A consent change.</summary>
public sealed record ConsentEvent(DateTimeOffset At, bool Consent, string Source, string Actor);

/// <summary>The segment of the customer in each analytics run.</summary>
public sealed record SegmentHistoryItem(long RunId, DateOnly AsOf, string Segment, string SegmentFr, string SegmentEn);

/// <summary>The customer page; <paramref name="EmailBlocked"/>: the latest recommendation run's email block.</summary>
public sealed record CustomerDetail(
    string Code, string? LastName, string? FirstName, string? Email, bool EmailValid, string? Phone, string? Address,
    string? PostalCode, string? City, string? Country, bool IsStub, DateTimeOffset? ErasedAt, bool? EmailConsent,
    string? ConsentSource, DateTimeOffset? ConsentAt, bool Emailable, CustomerScores? Scores, TasteProfile Taste,
    IReadOnlyList<Purchase> Purchases, int PurchaseCount, IReadOnlyList<RecommendedItem> Recommendations,
    IReadOnlyList<RemovedCandidate> Removed, IReadOnlyList<ConsentEvent> ConsentHistory, IReadOnlyList<SegmentHistoryItem> SegmentHistory,
    EmailBlocked? EmailBlocked = null);

public sealed record ConsentRequest(bool Consent, string Source);
