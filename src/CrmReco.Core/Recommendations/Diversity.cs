namespace CrmReco.Core.Recommendations;

/// <summary>Re-ranking for diversity.</summary>
public static class Diversity
{
    /// <summary>
    /// Maximal marginal relevance (Carbonell &amp; Goldstein 1998): picks, one at a time, the candidate maximizing
    /// λ · relevance − (1 − λ) · max similarity to those already picked. Relevance is divided by the best one so
    /// that λ trades comparable quantities (similarity is in [0, 1]). λ = 1 keeps the input order; ties go to the
    /// earlier candidate. Returns the positions of the picked candidates, in order.
    /// </summary>
    public static IReadOnlyList<int> Mmr(IReadOnlyList<double> relevance, Func<int, int, double> similarity, int k, double lambda)
    {
        ArgumentNullException.ThrowIfNull(relevance);
        ArgumentNullException.ThrowIfNull(similarity);
        ArgumentOutOfRangeException.ThrowIfLessThan(lambda, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lambda, 1);
        var top = relevance.Count == 0 ? 0 : relevance.Max();
        var scale = top > 0 ? 1 / top : 1;
        var picked = new List<int>(Math.Min(k, relevance.Count));
        var taken = new bool[relevance.Count];
        while (picked.Count < k && picked.Count < relevance.Count)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < relevance.Count; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var redundancy = 0.0;
                foreach (var j in picked)
                {
                    redundancy = Math.Max(redundancy, similarity(i, j));
                }

                var value = (lambda * relevance[i] * scale) - ((1 - lambda) * redundancy);
                if (value > bestValue)
                {
                    (best, bestValue) = (i, value);
                }
            }

            taken[best] = true;
            picked.Add(best);
        }

        return picked;
    }
}
