using CrmReco.Core.Transactions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace CrmReco.Core.Analytics;

/// <summary>Backtested quality of the two "will order in the next 90 days" signals, and the scores as of today.</summary>
/// <param name="ModelAuc">AUC of the gradient-boosted model on the held-out last window.</param>
/// <param name="BgNbdAuc">AUC of BG/NBD's expected purchases on the same window: the baseline to beat.</param>
/// <param name="TrainingExamples">(customer, cutoff) rows the backtested model was trained on, after sampling.</param>
public sealed record PropensityResult(double ModelAuc, double BgNbdAuc, int TrainingExamples, int EvaluationExamples, IReadOnlyDictionary<string, double> Scores);

/// <summary>
/// Probability of ordering in the next 90 days, learned with ML.NET FastTree from the estate's own history:
/// examples are (customer, cutoff) pairs at cutoffs every 90 days back, with features computed from the history
/// before the cutoff (RFM, tenure, BG/NBD P(alive) and expected purchases, diversity) and the label "ordered in
/// the 90 days after". The last window is held out to measure AUC against BG/NBD; the final model is then
/// trained on every window and scores customers as of today. Above <c>maxTrainingExamples</c> rows, each
/// training set is a seeded random sample of that size: the trees cost O(rows) and dominate the run at 100k
/// customers, while the features are cheap. Deterministic under the seed.
/// </summary>
public static class Propensity
{
    public const int HorizonDays = 90;

    public const int DefaultMaxTrainingExamples = 50_000;

    public static PropensityResult Run(IReadOnlyList<Transaction> transactions, DateOnly asOf, int windows = 4, int seed = 42, int maxTrainingExamples = DefaultMaxTrainingExamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTrainingExamples);
        ArgumentNullException.ThrowIfNull(transactions);
        // Bought lines per customer, by date, once: each cutoff then takes a prefix of every customer's lines.
        var history = CustomerHistory.GroupByCustomer(transactions.Where(t => t.Quantity > 0), asOf)
            .Select(kv => (Id: kv.Key, Lines: kv.Value.OrderBy(t => t.Date).ToList())).ToList();
        var evaluationCutoff = asOf.AddDays(-HorizonDays);
        var training = new List<Example>();
        for (var k = 1; k <= windows; k++)
        {
            training.AddRange(Examples(history, evaluationCutoff.AddDays(-HorizonDays * k), labelled: true));
        }

        var evaluation = Examples(history, evaluationCutoff, labelled: true);
        if (training.Select(e => e.Label).Distinct().Count() < 2 || evaluation.Select(e => e.Label).Distinct().Count() < 2)
        {
            throw new InvalidOperationException("Not enough history for a propensity model: it needs buyers and non-buyers in several 90-day windows.");
        }

        var ml = new MLContext(seed);
        var trainingSample = Sample(training, maxTrainingExamples, seed);
        var model = Train(ml, trainingSample);
        var predicted = Predict(ml, model, evaluation);
        var modelAuc = Auc(evaluation.Select(e => e.Label).ToArray(), predicted);
        var bgnbdAuc = Auc(evaluation.Select(e => e.Label).ToArray(), evaluation.Select(e => (double)e.Expected90).ToArray());

        var final = Train(ml, Sample([.. training, .. evaluation], maxTrainingExamples, seed));
        var today = Examples(history, asOf, labelled: false);
        var scores = Predict(ml, final, today);
        return new PropensityResult(modelAuc, bgnbdAuc, trainingSample.Count, evaluation.Count,
            today.Select((e, i) => (e.CustomerId, Score: scores[i])).ToDictionary(p => p.CustomerId, p => p.Score, StringComparer.Ordinal));
    }

    private static ITransformer Train(MLContext ml, List<Example> examples)
    {
        var data = ml.Data.LoadFromEnumerable(examples);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfLeaves = 16,
            NumberOfTrees = 100,
            MinimumExampleCountPerLeaf = 10,
            LearningRate = 0.1,
            NumberOfThreads = 1, // determinism
            Seed = 42,
        });
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Example.RecencyDays), nameof(Example.Orders), nameof(Example.Monetary), nameof(Example.TenureDays),
            nameof(Example.PAlive), nameof(Example.Expected90), nameof(Example.RecencyOverGap), nameof(Example.Products)).Append(trainer);
        return pipeline.Fit(data);
    }

    private static double[] Predict(MLContext ml, ITransformer model, List<Example> examples)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(examples));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    /// <summary>At most <paramref name="max"/> examples drawn without replacement (partial Fisher–Yates under the
    /// seed), kept in their original order.</summary>
    internal static List<Example> Sample(List<Example> examples, int max, int seed)
    {
        if (examples.Count <= max)
        {
            return examples;
        }

        var random = new Random(seed);
        var indices = Enumerable.Range(0, examples.Count).ToArray();
        for (var i = 0; i < max; i++)
        {
            var j = random.Next(i, indices.Length);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        Array.Sort(indices, 0, max);
        return [.. indices.Take(max).Select(i => examples[i])];
    }

    /// <summary>Features of every customer known at <paramref name="cutoff"/>, from the history before it
    /// (bought lines only, each customer's sorted by date), one pass per customer.</summary>
    private static List<Example> Examples(List<(string Id, List<Transaction> Lines)> history, DateOnly cutoff, bool labelled)
    {
        var orders = new HashSet<string>(StringComparer.Ordinal);
        var histories = new List<CustomerHistory>(history.Count);
        var buyersAfter = new HashSet<string>(StringComparer.Ordinal);
        var horizonEnd = cutoff.AddDays(HorizonDays);
        foreach (var (id, lines) in history)
        {
            var known = CountOnOrBefore(lines, cutoff);
            if (known > 0 && CustomerHistory.From(id, known == lines.Count ? lines : lines.GetRange(0, known), orders) is { } h)
            {
                histories.Add(h);
                if (labelled && known < lines.Count && lines[known].Date <= horizonEnd)
                {
                    buyersAfter.Add(id);
                }
            }
        }

        if (histories.Count == 0)
        {
            return [];
        }

        var summaries = histories.ConvertAll(h => h.Summary(cutoff, 7));
        var bgnbd = BgNbd.Fit(summaries);
        var products = new HashSet<string>(StringComparer.Ordinal);
        var examples = new List<Example>(histories.Count);
        for (var i = 0; i < histories.Count; i++)
        {
            var h = histories[i];
            var s = summaries[i];
            var days = h.PurchaseDays;
            var gap = days.Length > 1 ? (days[^1] - days[0]) / (double)(days.Length - 1) : 365;
            products.Clear();
            foreach (var line in h.Lines)
            {
                products.Add(line.ProductId);
            }

            examples.Add(new Example
            {
                CustomerId = s.CustomerId,
                RecencyDays = cutoff.DayNumber - days[^1],
                Orders = h.Orders,
                Monetary = (float)h.Monetary,
                TenureDays = cutoff.DayNumber - days[0],
                PAlive = (float)BgNbd.ProbabilityAlive(bgnbd, s.Frequency, s.Recency, s.T),
                Expected90 = (float)BgNbd.ExpectedPurchases(bgnbd, s.Frequency, s.Recency, s.T, HorizonDays / 7.0),
                RecencyOverGap = (float)((cutoff.DayNumber - days[^1]) / Math.Max(gap, 1)),
                Products = products.Count,
                Label = buyersAfter.Contains(s.CustomerId),
            });
        }

        return examples;
    }

    /// <summary>Lines dated on or before <paramref name="cutoff"/> in a date-sorted list (binary search).</summary>
    private static int CountOnOrBefore(List<Transaction> sorted, DateOnly cutoff)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].Date <= cutoff)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties counted half.</summary>
    public static double Auc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }

            i = j + 1;
        }

        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        var rankSum = Enumerable.Range(0, labels.Count).Where(i => labels[i]).Sum(i => ranks[i]);
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>One (customer, cutoff) example; public for ML.NET's schema reflection.</summary>
    public sealed class Example
    {
        public string CustomerId { get; set; } = "";

        public float RecencyDays { get; set; }

        public float Orders { get; set; }

        public float Monetary { get; set; }

        public float TenureDays { get; set; }

        public float PAlive { get; set; }

        public float Expected90 { get; set; }

        public float RecencyOverGap { get; set; }

        public float Products { get; set; }

        [ColumnName("Label")]
        public bool Label { get; set; }
    }
}
