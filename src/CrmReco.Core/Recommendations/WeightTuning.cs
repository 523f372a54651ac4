using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>What the validation window chose: the weights, and recall@k on the window with them and with the
/// fixed weights.</summary>
public sealed record WeightChoice(BlendWeights Weights, DateOnly ValidationStart, int ValidationCustomers, double ValidationRecall, double FixedValidationRecall);

/// <summary>
/// Chooses the blend weights on a validation window carved from the end of the training history: the sources
/// are trained on the history before <c>validationStart</c>, the blend is judged (recall@k, then NDCG@k) on what
/// customers bought between it and the split, and the caller retrains on the whole training history with the
/// chosen weights. The search is a deterministic coordinate ascent over a fixed grid, starting from the best of
/// the fixed weights and each source alone: each pass tries every grid value for each component in turn and keeps a change only when it
/// strictly improves the objective. The search runs on random halves of the validation customers and the weights
/// it finds are averaged (<see cref="RecommenderOptions.WeightBags"/>).
/// </summary>
public static class WeightTuning
{
    /// <summary>The fewest validation customers for which the search runs on random halves (≈ 200 per half).</summary>
    public const int MinBaggedCustomers = 400;

    /// <summary>The values each weight may take.</summary>
    public static IReadOnlyList<double> Grid { get; } = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1];

    public static WeightChoice Choose(
        IReadOnlyList<Transaction> training,
        DateOnly validationStart,
        DateOnly splitDate,
        int k,
        bool excludeKnown,
        RecommenderOptions options,
        IReadOnlyDictionary<string, CatalogueItem>? catalogue = null,
        int passes = 2)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        var start = options.Weights ?? new BlendWeights();
        var earlier = training.Where(t => t.Date < validationStart).ToList();
        if (earlier.Count == 0)
        {
            return new WeightChoice(start, validationStart, 0, 0, 0);
        }

        var data = Interactions.Build(earlier, validationStart.AddDays(-1));
        var future = Backtest.Future(training, data, validationStart, splitDate);
        var sample = Sample(future, data, excludeKnown, options.MaxValidationUsers);
        var sources = Sources.Build(data, earlier, options, validationStart.AddDays(-1), catalogue);

        // Each component scored and normalized once per sampled customer; every weighting reuses them.
        var n = data.Items.Length;
        var components = sources.Components.Count;
        var users = sample.Keys.Order().ToArray();
        var cache = new float[users.Length * components * n];
        var buffer = new double[n];
        for (var u = 0; u < users.Length; u++)
        {
            for (var c = 0; c < components; c++)
            {
                sources.Components[c].Score(users[u], buffer);
                Blend.Normalize(buffer);
                var row = cache.AsSpan(((u * components) + c) * n, n);
                for (var i = 0; i < n; i++)
                {
                    row[i] = (float)buffer[i];
                }
            }
        }

        var position = users.Select((user, index) => (user, index)).ToDictionary(p => p.user, p => p.index);
        (double Recall, double Ndcg) Objective(double[] w, Dictionary<int, HashSet<int>> judged)
        {
            var m = Backtest.Evaluate(data, judged, k, excludeKnown, (user, scores) =>
            {
                scores.Clear();
                var u = position[user];
                for (var c = 0; c < components; c++)
                {
                    if (w[c] != 0)
                    {
                        var row = cache.AsSpan(((u * components) + c) * n, n);
                        for (var i = 0; i < n; i++)
                        {
                            scores[i] += w[c] * row[i];
                        }
                    }
                }
            });
            return (m.Recall, m.Ndcg);
        }

        var fixedScore = Objective(start.ToArray(), sample);
        var bags = Bags(sample, options.WeightBags);
        var chosen = new double[bags.Count][];
        Parallel.For(0, bags.Count, b => chosen[b] = Search(start.ToArray(), components, sources.HasTraits, passes, w => Objective(w, bags[b])));
        var weights = Average(chosen);
        var best = Objective(weights, sample);
        return new WeightChoice(BlendWeights.FromArray(weights), validationStart, users.Length, best.Recall, fixedScore.Recall);
    }

    /// <summary>
    /// The customers each search is judged on: the whole sample for one bag; otherwise random halves (seeded).
    /// One search on ≈ 1,500 customers fits the window's noise (its gains do not carry over to the next period);
    /// averaging the weights chosen on many halves ("subagging", Bühlmann &amp; Yu 2002) keeps what they agree on.
    /// Halves of a small window are noise (a handful of customers can pick anything), so below
    /// <see cref="MinBaggedCustomers"/> there is one search on all of them.
    /// </summary>
    private static List<Dictionary<int, HashSet<int>>> Bags(Dictionary<int, HashSet<int>> sample, int count)
    {
        if (count <= 1 || sample.Count < MinBaggedCustomers)
        {
            return [sample];
        }

        var random = new Random(17);
        return [.. Enumerable.Range(0, count).Select(_ => sample.Where(_ => random.NextDouble() < 0.5).ToDictionary(p => p.Key, p => p.Value))];
    }

    /// <summary>The mean of the weight vectors, each scaled to sum 1 first (a blend ranks the same at any scale).</summary>
    private static double[] Average(double[][] chosen)
    {
        if (chosen.Length == 1)
        {
            return chosen[0];
        }

        var mean = new double[chosen[0].Length];
        foreach (var weights in chosen)
        {
            var total = weights.Sum();
            for (var c = 0; c < mean.Length; c++)
            {
                mean[c] += weights[c] / total / chosen.Length;
            }
        }

        return mean;
    }

    private static double[] Search(double[] weights, int components, bool hasTraits, int passes, Func<double[], (double Recall, double Ndcg)> objective)
    {
        var best = objective(weights);
        for (var c = 0; c < components; c++)
        {
            // A single source may beat the fixed blend (buy-again often does): start the ascent from the best.
            var single = new double[components];
            single[c] = 1;
            var score = objective(single);
            if (Better(score, best))
            {
                (best, weights) = (score, single);
            }
        }

        for (var pass = 0; pass < passes; pass++)
        {
            var improved = false;
            for (var c = 0; c < components; c++)
            {
                if (!hasTraits && c is >= 6 and <= 8)
                {
                    continue; // up-sell, discovery and variety mix score nothing without a catalogue (buy-again still rebuys)
                }

                var kept = weights[c];
                foreach (var value in Grid)
                {
                    weights[c] = value;
                    if (weights.All(w => w == 0))
                    {
                        continue;
                    }

                    var score = objective(weights);
                    if (Better(score, best))
                    {
                        (best, kept, improved) = (score, value, true);
                    }
                }

                weights[c] = kept;
            }

            if (!improved)
            {
                break;
            }
        }

        return weights;
    }

    private static bool Better((double Recall, double Ndcg) score, (double Recall, double Ndcg) best) =>
        score.Recall > best.Recall + 1e-12 || (Math.Abs(score.Recall - best.Recall) <= 1e-12 && score.Ndcg > best.Ndcg + 1e-12);

    /// <summary>At most <paramref name="max"/> customers with something to find, evenly spaced by index (deterministic).</summary>
    private static Dictionary<int, HashSet<int>> Sample(Dictionary<int, HashSet<int>> future, Interactions data, bool excludeKnown, int max)
    {
        var eligible = future.Where(f => f.Value.Any(i => !excludeKnown || Array.BinarySearch(data.UserItems[f.Key], i) < 0)).OrderBy(f => f.Key).ToList();
        var step = Math.Max(1, (int)Math.Ceiling(eligible.Count / (double)Math.Max(1, max)));
        return eligible.Where((_, index) => index % step == 0).ToDictionary(f => f.Key, f => f.Value);
    }
}
