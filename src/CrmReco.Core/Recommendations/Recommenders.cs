using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A scored product for a customer.</summary>
public readonly record struct Scored(int Item, double Score);

/// <summary>A source of candidates: scores for every item for one customer of the training data.</summary>
public interface ICandidateSource
{
    string Name { get; }

    /// <summary>Scores (higher is better) for the items; items it cannot judge are left at 0.</summary>
    void Score(int user, Span<double> scores);
}

/// <summary>Distinct buyers in the last year of the training data: the cold-start and baseline source.</summary>
public sealed class PopularitySource(Interactions data) : ICandidateSource
{
    public string Name => "popularity";

    public void Score(int user, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = data.ItemBuyers[i];
        }
    }
}

/// <summary>Item-item cosine on who bought what: score(u, i) = Σ_{j bought by u} |U_i ∩ U_j| / √(|U_i| |U_j|).</summary>
public sealed class ItemKnnSource : ICandidateSource
{
    private readonly Interactions _data;
    private readonly (int Item, double Similarity)[][] _neighbours;

    /// <param name="maxDegreeOfParallelism">Threads for the rows; null: one per core. The neighbours do not depend on it.</param>
    public ItemKnnSource(Interactions data, int neighbours = 50, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _neighbours = new (int, double)[data.Items.Length][];

        // Row by row (item i: the items of its buyers), counting into one dense array per thread: the pairs of a
        // 2,000-item catalogue are ~50M increments, too many for dictionaries. Rows are independent: parallel and
        // still deterministic.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, data.Items.Length, parallel, () => (Counts: new int[data.Items.Length], Touched: new List<int>()), (i, _, scratch) =>
        {
            var (counts, touched) = scratch;
            foreach (var u in data.ItemUsers[i])
            {
                foreach (var j in data.UserItems[u])
                {
                    if (j != i && counts[j]++ == 0)
                    {
                        touched.Add(j);
                    }
                }
            }

            var row = new (int Item, double Similarity)[touched.Count];
            for (var k = 0; k < row.Length; k++)
            {
                var j = touched[k];
                row[k] = (j, counts[j] / Math.Sqrt((double)data.ItemBuyers[i] * data.ItemBuyers[j]));
                counts[j] = 0;
            }

            touched.Clear();
            Array.Sort(row, static (x, y) => y.Similarity.CompareTo(x.Similarity) is var c and not 0 ? c : x.Item.CompareTo(y.Item));
            _neighbours[i] = row.Length > neighbours ? row[..neighbours] : row;
            return scratch;
        }, _ => { });
    }

    public string Name => "itemKnn";

    /// <summary>The most similar item of the customer's history to <paramref name="item"/>, for explanations.</summary>
    public (int Item, double Similarity)? BestNeighbour(int user, int item)
    {
        // The first of the customer's items (in their order) with the highest similarity to the item.
        (int Item, double Similarity)? best = null;
        foreach (var j in _data.UserItems[user])
        {
            foreach (var (neighbour, similarity) in _neighbours[j])
            {
                if (neighbour == item && (best is null || similarity > best.Value.Similarity))
                {
                    best = (j, similarity);
                }
            }
        }

        return best;
    }

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        foreach (var j in _data.UserItems[user])
        {
            foreach (var (item, similarity) in _neighbours[j])
            {
                scores[item] += similarity;
            }
        }
    }
}

/// <summary>Association rules as a source: score(u, i) = max confidence of a rule X → i with X bought by u.</summary>
public sealed class RulesSource : ICandidateSource
{
    private readonly Interactions _data;
    private readonly Dictionary<int, List<(int Consequent, double Confidence, double Lift)>> _byAntecedent;

    public RulesSource(Interactions data, IReadOnlyList<AssociationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rules);
        _data = data;
        _byAntecedent = rules.Where(r => data.ItemIndex.ContainsKey(r.Antecedent) && data.ItemIndex.ContainsKey(r.Consequent))
            .GroupBy(r => data.ItemIndex[r.Antecedent])
            .ToDictionary(g => g.Key, g => g.Select(r => (data.ItemIndex[r.Consequent], r.Confidence, r.Lift)).ToList());
    }

    public string Name => "rules";

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        foreach (var j in _data.UserItems[user])
        {
            if (_byAntecedent.TryGetValue(j, out var rules))
            {
                foreach (var (item, confidence, _) in rules)
                {
                    scores[item] = Math.Max(scores[item], confidence);
                }
            }
        }
    }
}

/// <summary>
/// The customer's own favourites (strength of past purchases): wine customers reorder what they like — the
/// wine, not the year. A wine's strength goes to its vintages in proportion to their share of the wine's
/// recent buyers (<see cref="VintageShares"/>), so a customer of the Riesling 2021 is offered the vintage now on
/// sale. Without shares, each product stands alone.
/// </summary>
/// <param name="strengths">The customer's attachment to each of their products, aligned with
/// <see cref="Interactions.UserItems"/>; null: the interaction strengths (quantities).</param>
public sealed class RebuySource(Interactions data, VintageShares? vintages = null, float[][]? strengths = null) : ICandidateSource
{
    private readonly float[][] _strengths = strengths ?? data.UserValues;

    public string Name => "rebuy";

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        var items = data.UserItems[user];
        var values = _strengths[user];
        for (var k = 0; k < items.Length; k++)
        {
            if (vintages is null)
            {
                scores[items[k]] = values[k];
                continue;
            }

            foreach (var (item, share) in vintages.Of(items[k]))
            {
                scores[item] += values[k] * share;
            }
        }
    }

    /// <summary>
    /// Purchase frequency instead of quantity: per customer and product, the number of sales lines (each decayed
    /// like the interactions, e^(−age/τ)), aligned with <see cref="Interactions.UserItems"/>. A case of 12 bought
    /// once weighs as much as one bottle bought once; a wine bought in five orders weighs five.
    /// </summary>
    public static float[][] LineStrengths(Interactions data, IEnumerable<Transaction> history, DateOnly asOf, double decayDays = 730)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(history);
        var result = new float[data.Users.Length][];
        for (var u = 0; u < result.Length; u++)
        {
            result[u] = new float[data.UserItems[u].Length];
        }

        foreach (var t in history)
        {
            if (t.Quantity <= 0 || t.Date > asOf || !data.UserIndex.TryGetValue(t.CustomerId, out var u) || !data.ItemIndex.TryGetValue(t.ProductId, out var i))
            {
                continue;
            }

            var k = Array.BinarySearch(data.UserItems[u], i);
            if (k >= 0)
            {
                result[u][k] += (float)Math.Exp(-(asOf.DayNumber - t.Date.DayNumber) / decayDays);
            }
        }

        return result;
    }
}

/// <summary>The vintages of each wine (<see cref="RecommendationEngine.WineKeyOf"/>) and the share of a rebuy each
/// should get. By default only the wine's <b>current vintage</b> — the newest one with a buyer over the last
/// <c>days</c> — gets it all: a customer reorders the wine, and the estate sells the vintage now on the shelf (an
/// older one still selling is proposed by the other sources). With <c>currentVintageOnly</c> false, each vintage's
/// share of the wine's distinct buyers over those days (smoothed by one buyer each, so an unsold vintage keeps a
/// little).</summary>
public sealed class VintageShares
{
    private readonly (int Item, double Share)[][] _byItem;

    public VintageShares(Interactions data, IEnumerable<Transaction> history, DateOnly asOf, int days = 365, bool currentVintageOnly = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(history);
        var recent = new double[data.Items.Length];
        foreach (var (customer, item) in history
            .Where(t => t.Quantity > 0 && t.Date <= asOf && asOf.DayNumber - t.Date.DayNumber < days && data.ItemIndex.ContainsKey(t.ProductId))
            .Select(t => (t.CustomerId, data.ItemIndex[t.ProductId])).Distinct())
        {
            _ = customer;
            recent[item]++;
        }

        var wines = Enumerable.Range(0, data.Items.Length).GroupBy(i => RecommendationEngine.WineKeyOf(data.Items[i]), StringComparer.Ordinal).ToList();
        _byItem = new (int, double)[data.Items.Length][];
        WineOf = new int[data.Items.Length];
        foreach (var (wine, number) in wines.Select((w, n) => (w, n)))
        {
            var shares = currentVintageOnly
                ? [(Current(wine.ToList()), 1.0)]
                : wine.Select(i => (i, (recent[i] + 1) / wine.Sum(j => recent[j] + 1))).ToArray();
            foreach (var i in wine)
            {
                _byItem[i] = shares;
                WineOf[i] = number;
            }
        }

        // The newest vintage sold over the window; when none sold, the newest (ids of one wine differ only by the year).
        int Current(List<int> vintages)
        {
            var sold = vintages.Where(i => recent[i] > 0).ToList();
            return (sold.Count > 0 ? sold : vintages).MaxBy(i => data.Items[i], StringComparer.Ordinal);
        }
    }

    /// <summary>The number of each item's wine (its vintages share it).</summary>
    public int[] WineOf { get; }

    /// <summary>The vintages of the item's wine (itself included) with their shares, summing to 1.</summary>
    public IReadOnlyList<(int Item, double Share)> Of(int item) => _byItem[item];
}

/// <summary>A weighted blend of sources, each min-max normalized per customer so weights are comparable.
/// Keeps one scratch buffer: one instance per thread.</summary>
public sealed class HybridSource(IReadOnlyList<(ICandidateSource Source, double Weight)> sources, int items, string name = "hybrid") : ICandidateSource
{
    private readonly double[] _buffer = new double[items];

    public string Name => name;

    public IReadOnlyList<(ICandidateSource Source, double Weight)> Components => sources;

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        foreach (var (source, weight) in sources)
        {
            if (weight == 0)
            {
                continue;
            }

            source.Score(user, _buffer);
            Blend.AddNormalized(scores, _buffer, weight);
        }
    }
}

/// <summary>Min-max normalization and weighted sums of score vectors, without allocating.</summary>
public static class Blend
{
    /// <summary>Rescales <paramref name="scores"/> to [0, 1] in place (all 0 when constant).</summary>
    public static void Normalize(Span<double> scores)
    {
        if (scores.IsEmpty)
        {
            return;
        }

        double min = TensorPrimitives.Min<double>(scores), max = TensorPrimitives.Max<double>(scores);
        if (max <= min)
        {
            scores.Clear();
            return;
        }

        TensorPrimitives.Subtract(scores, min, scores);
        TensorPrimitives.Multiply(scores, 1 / (max - min), scores);
    }

    /// <summary>
    /// target += weight · minmax(scores) in one pass, leaving <paramref name="scores"/> as they are; returns the
    /// min and the scale (1 / (max − min), 0 when the scores are constant) that normalize a score as
    /// (score − min) · scale. Gives the same target, bit for bit, as <see cref="AddNormalized"/>.
    /// </summary>
    public static (double Min, double Scale) AddScaled(Span<double> target, ReadOnlySpan<double> scores, double weight)
    {
        if (scores.IsEmpty)
        {
            return (0, 0);
        }

        if (target.Length < scores.Length)
        {
            throw new ArgumentException("The target is shorter than the scores.", nameof(target));
        }

        var (min, max) = MinMax(scores);
        if (max <= min)
        {
            return (0, 0); // normalized to 0: adds nothing
        }

        var scale = 1 / (max - min);
        ref var s = ref MemoryMarshal.GetReference(scores);
        ref var t = ref MemoryMarshal.GetReference(target);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (vMin, vScale, vWeight) = (new Vector<double>(min), new Vector<double>(scale), new Vector<double>(weight));
            for (; i <= scores.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var sum = ((Vector.LoadUnsafe(ref s, (nuint)i) - vMin) * vScale * vWeight) + Vector.LoadUnsafe(ref t, (nuint)i);
                sum.StoreUnsafe(ref t, (nuint)i);
            }
        }

        for (; i < scores.Length; i++)
        {
            target[i] = ((scores[i] - min) * scale * weight) + target[i];
        }

        return (min, scale);
    }

    /// <summary>The smallest and the largest score in one pass (the min-max normalization read them in two):
    /// the values of TensorPrimitives.Min and Max, NaN when a score is NaN. (Of −0 and +0 either may come out; they
    /// normalize alike.)</summary>
    internal static (double Min, double Max) MinMax(ReadOnlySpan<double> scores)
    {
        ref var first = ref MemoryMarshal.GetReference(scores);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var numbers = true; // no NaN
        var i = 0;
        if (Vector.IsHardwareAccelerated && scores.Length >= Vector<double>.Count)
        {
            var vMin = Vector.LoadUnsafe(ref first);
            var (vMax, ordered) = (vMin, Vector.Equals(vMin, vMin));
            for (i = Vector<double>.Count; i <= scores.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = Vector.LoadUnsafe(ref first, (nuint)i);
                (vMin, vMax, ordered) = (Vector.MinNative(vMin, v), Vector.MaxNative(vMax, v), ordered & Vector.Equals(v, v));
            }

            numbers = Vector.EqualsAll(ordered, Vector<long>.AllBitsSet);
            for (var lane = 0; lane < Vector<double>.Count; lane++)
            {
                (min, max) = (Math.Min(min, vMin[lane]), Math.Max(max, vMax[lane]));
            }
        }

        for (; i < scores.Length; i++)
        {
            numbers &= !double.IsNaN(scores[i]);
            (min, max) = (Math.Min(min, scores[i]), Math.Max(max, scores[i]));
        }

        return numbers ? (min, max) : (double.NaN, double.NaN);
    }

    /// <summary>target += weight · minmax(scores), leaving <paramref name="scores"/> normalized.</summary>
    public static void AddNormalized(Span<double> target, Span<double> scores, double weight)
    {
        Normalize(scores);
        TensorPrimitives.MultiplyAdd(scores, weight, target, target);
    }
}

public static class TopK
{
    /// <summary>The k best items (ties by item index, so results are deterministic), optionally skipping some.</summary>
    public static List<Scored> Of(ReadOnlySpan<double> scores, int k, ISet<int>? exclude = null)
    {
        var best = new Scored[k];
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (exclude?.Contains(i) != true)
            {
                count = Offer(best, count, new Scored(i, scores[i]));
            }
        }

        return [.. best.AsSpan(0, count)];
    }

    /// <summary>The best items into <paramref name="best"/> (its length is k), skipping the items of
    /// <paramref name="excludeSorted"/> (ascending); returns how many were written. Allocates nothing. Once k
    /// items are held, whole vectors of scores none of which beats the k-th are skipped with one comparison.</summary>
    public static int Into(ReadOnlySpan<double> scores, Span<Scored> best, ReadOnlySpan<int> excludeSorted = default)
    {
        if (best.IsEmpty)
        {
            return 0;
        }

        var w = Vector<double>.Count;
        ref var first = ref MemoryMarshal.GetReference(scores);
        var count = 0;
        var skip = 0;
        var i = 0;
        while (i < scores.Length)
        {
            var end = Math.Min(i + w, scores.Length);
            if (count == best.Length && end - i == w
                && !Vector.GreaterThanAny(Vector.LoadUnsafe(ref first, (nuint)i), new Vector<double>(best[count - 1].Score)))
            {
                i = end;
                continue;
            }

            for (; i < end; i++)
            {
                while (skip < excludeSorted.Length && excludeSorted[skip] < i)
                {
                    skip++;
                }

                if (skip < excludeSorted.Length && excludeSorted[skip] == i)
                {
                    continue;
                }

                if (count < best.Length || scores[i] > best[count - 1].Score)
                {
                    count = Offer(best, count, new Scored(i, scores[i]));
                }
            }
        }

        return count;
    }

    // Insertion into a short sorted array: an item goes after the ones with an equal score (earlier index first).
    private static int Offer(Span<Scored> best, int count, Scored candidate)
    {
        var position = count;
        while (position > 0 && best[position - 1].Score < candidate.Score)
        {
            position--;
        }

        if (position >= best.Length)
        {
            return count;
        }

        var last = Math.Min(count, best.Length - 1);
        best[position..last].CopyTo(best[(position + 1)..]);
        best[position] = candidate;
        return Math.Min(count + 1, best.Length);
    }
}
