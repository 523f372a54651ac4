namespace CrmReco.Core.Analytics;

/// <summary>One cell range of the R×F grid and its name. The first matching rule wins.</summary>
public sealed record SegmentRule(string Code, string English, string French, int RecencyMin, int RecencyMax, int FrequencyMin, int FrequencyMax)
{
    public bool Matches(int r, int f) => r >= RecencyMin && r <= RecencyMax && f >= FrequencyMin && f <= FrequencyMax;
}

/// <summary>The usual RFM segments on recency and frequency scores (1–5), in one configurable table that
/// covers all 25 cells. Monetary is reported beside them, not used to segment (wine orders are similar in size).</summary>
public static class Segments
{
    public static readonly IReadOnlyList<SegmentRule> Default =
    [
        new("champions", "Champions", "Champions", 4, 5, 4, 5),
        new("loyal", "Loyal", "Fidèles", 3, 5, 3, 5),
        new("cant_lose", "Can't lose", "À ne pas perdre", 1, 1, 4, 5),
        new("at_risk", "At risk", "À risque", 1, 2, 3, 5),
        new("new", "New", "Nouveaux", 5, 5, 1, 1),
        new("promising", "Promising", "Prometteurs", 4, 4, 1, 1),
        new("potential_loyalist", "Potential loyalist", "Fidèles potentiels", 3, 5, 2, 2),
        new("need_attention", "Need attention", "À surveiller", 3, 3, 1, 1),
        new("about_to_sleep", "About to sleep", "Sur le point de s'endormir", 2, 2, 1, 2),
        new("hibernating", "Hibernating", "En hibernation", 1, 1, 2, 2),
        new("lost", "Lost", "Perdus", 1, 1, 1, 1),
    ];

    public static SegmentRule Of(int r, int f, IReadOnlyList<SegmentRule>? rules = null) =>
        (rules ?? Default).FirstOrDefault(rule => rule.Matches(r, f))
        ?? throw new InvalidOperationException($"No segment rule covers R={r}, F={f}: the table must cover all 25 cells.");

    /// <summary>Quintile scores 1–5 by mid-rank among the estate's customers, so ties share a score
    /// (many customers have one order). Higher value, higher score; pass <paramref name="higherIsBetter"/>
    /// false for recency in days.</summary>
    public static int[] QuintileScores(IReadOnlyList<double> values, bool higherIsBetter = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var scores = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var below = LowerBound(sorted, values[i]);
            var equal = UpperBound(sorted, values[i]) - below;
            var percentile = (below + (equal / 2.0)) / sorted.Length;
            var score = Math.Clamp(1 + (int)Math.Floor(percentile * 5), 1, 5);
            scores[i] = higherIsBetter ? score : 6 - score;
        }

        return scores;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }
}
