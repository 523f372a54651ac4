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
/// training set is a seeded random sample of that size, drawn before any feature is built: the features are
/// read from one aggregation pass (<see cref="PropensityFeatures"/>), so only the sampled training rows, the
/// held-out window and today's customers are built. Deterministic under the seed.
/// </summary>
public static class Propensity
{
    public const int HorizonDays = 90;

    public const int DefaultMaxTrainingExamples = 50_000;

    public const int DefaultTrees = 100;

    public const int DefaultLeaves = 8;

    public static PropensityResult Run(
        IReadOnlyList<Transaction> transactions,
        DateOnly asOf,
        int windows = 4,
        int seed = 42,
        int maxTrainingExamples = DefaultMaxTrainingExamples,
        int trees = DefaultTrees,
        int leaves = DefaultLeaves)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTrainingExamples);
        ArgumentNullException.ThrowIfNull(transactions);
        var features = PropensityFeatures.From(transactions, asOf);

        // Cutoffs: the training windows (most recent first), the held-out one, today. Each one's known customers
        // and BG/NBD fit are independent of the others: computed in parallel, each in its own slot.
        var evaluationCutoff = asOf.AddDays(-HorizonDays);
        var dates = Enumerable.Range(1, windows).Select(k => evaluationCutoff.AddDays(-HorizonDays * k)).Append(evaluationCutoff).Append(asOf).ToArray();
        var cutoffs = new PropensityFeatures.Cutoff[dates.Length];
        InParallel(() => Parallel.For(0, dates.Length, k => cutoffs[k] = features.At(dates[k])));
        var trainingCutoffs = cutoffs[..windows];
        var withEvaluation = cutoffs[..(windows + 1)];

        // The rows of the training windows, then of the held-out window, as the one list they used to be built
        // into: the samples are drawn on that numbering, then only the drawn rows are built.
        var trainingRows = trainingCutoffs.Sum(c => c.Rows);
        var training = features.Examples(trainingCutoffs, SampleIndices(trainingRows, maxTrainingExamples, seed), labelled: true);
        var evaluation = features.Examples(cutoffs[windows], labelled: true);
        if (!HasBothLabels(training) || !HasBothLabels(evaluation))
        {
            throw new InvalidOperationException("Not enough history for a propensity model: it needs buyers and non-buyers in several 90-day windows.");
        }

        var finalTraining = features.Examples(withEvaluation, SampleIndices(trainingRows + evaluation.Length, maxTrainingExamples, seed), labelled: true);
        var today = features.Examples(cutoffs[^1], labelled: false);

        // The backtest (train, score the held-out window) and the final model (train, score today) share nothing:
        // one thread each, each with its own seeded context and single-threaded trees.
        var labels = evaluation.Select(e => e.Label).ToArray();
        var modelAuc = 0.0;
        var scores = Array.Empty<double>();
        InParallel(() => Parallel.Invoke(
            () =>
            {
                var ml = new MLContext(seed);
                modelAuc = Auc(labels, Predict(ml, Train(ml, training, trees, leaves, seed), evaluation));
            },
            () =>
            {
                var ml = new MLContext(seed);
                scores = Predict(ml, Train(ml, finalTraining, trees, leaves, seed), today);
            }));
        var bgnbdAuc = Auc(labels, evaluation.Select(e => (double)e.Expected90).ToArray());
        return new PropensityResult(modelAuc, bgnbdAuc, training.Length, evaluation.Length,
            today.Select((e, i) => (e.CustomerId, Score: scores[i])).ToDictionary(p => p.CustomerId, p => p.Score, StringComparer.Ordinal));
    }

    /// <summary>Runs parallel work and rethrows its (first) failure as itself, not wrapped in an AggregateException:
    /// a BG/NBD fit that does not converge is an <see cref="InvalidOperationException"/> the callers report.</summary>
    private static void InParallel(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException ex)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }

    private static bool HasBothLabels(Example[] examples) => examples.Any(e => e.Label) && examples.Any(e => !e.Label);

    private static ITransformer Train(MLContext ml, Example[] examples, int trees, int leaves, int seed)
    {
        var data = ml.Data.LoadFromEnumerable(examples);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfLeaves = leaves,
            NumberOfTrees = trees,
            MinimumExampleCountPerLeaf = 10,
            LearningRate = 0.1,
            NumberOfThreads = 1, // determinism
            Seed = seed,
        });
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Example.RecencyDays), nameof(Example.Orders), nameof(Example.Monetary), nameof(Example.TenureDays),
            nameof(Example.PAlive), nameof(Example.Expected90), nameof(Example.RecencyOverGap), nameof(Example.Products)).Append(trainer);
        return pipeline.Fit(data);
    }

    private static double[] Predict(MLContext ml, ITransformer model, Example[] examples)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(examples));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    /// <summary>At most <paramref name="max"/> examples drawn without replacement (see <see cref="SampleIndices"/>),
    /// kept in their original order.</summary>
    internal static List<T> Sample<T>(List<T> examples, int max, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return examples.Count <= max ? examples : [.. SampleIndices(examples.Count, max, seed).Select(i => examples[i])];
    }

    /// <summary>Indices of at most <paramref name="max"/> of <paramref name="count"/> rows, drawn without
    /// replacement (partial Fisher–Yates under the seed), ascending; every row when there are no more than max.</summary>
    internal static int[] SampleIndices(int count, int max, int seed)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        if (count <= max)
        {
            return indices;
        }

        var random = new Random(seed);
        for (var i = 0; i < max; i++)
        {
            var j = random.Next(i, indices.Length);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        Array.Sort(indices, 0, max);
        return indices[..max];
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
