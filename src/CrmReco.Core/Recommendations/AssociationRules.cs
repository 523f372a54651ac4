using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>"Customers who bought X also bought Y": support = n(X∪Y)/N, confidence = n(X∪Y)/n(X),
/// lift = confidence / (n(Y)/N) (Agrawal &amp; Srikant 1994), with one-item antecedents.</summary>
public sealed record AssociationRule(string Antecedent, string Consequent, int Count, double Support, double Confidence, double Lift);

/// <summary>What makes a basket: a customer's whole history (default: wine orders are small, histories carry
/// the co-purchase signal) or one order.</summary>
public enum BasketKind
{
    Customer = 0,
    Order = 1,
}

public static class AssociationRules
{
    public static IReadOnlyList<AssociationRule> Mine(IEnumerable<Transaction> transactions, double minSupport, double minConfidence, BasketKind basket = BasketKind.Customer)
    {
        ArgumentNullException.ThrowIfNull(transactions);

        // Baskets of item numbers, grouped through dictionaries of ids: a LINQ GroupBy of string baskets cost
        // seconds at 2M lines.
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var byOrder = new Dictionary<(string, string), int>();
        var baskets = new List<List<int>>();
        foreach (var t in transactions)
        {
            if (t.Quantity <= 0)
            {
                continue;
            }

            ref var slot = ref basket == BasketKind.Customer
                ? ref CollectionsMarshal.GetValueRefOrAddDefault(byKey, t.CustomerId, out var exists)
                : ref CollectionsMarshal.GetValueRefOrAddDefault(byOrder, (t.CustomerId, t.OrderId), out exists);
            if (!exists)
            {
                slot = baskets.Count;
                baskets.Add([]);
            }

            var list = baskets[slot];
            ref var item = ref CollectionsMarshal.GetValueRefOrAddDefault(items, t.ProductId, out var known);
            if (!known)
            {
                item = items.Count - 1;
            }

            list.Add(item);
        }

        return Mine([.. baskets.Select(b => b.Distinct().ToArray())], Names(items), minSupport, minConfidence);
    }

    /// <summary>Rules over item sets (each sorted, distinct), sorted by lift then confidence.</summary>
    public static IReadOnlyList<AssociationRule> Mine(IReadOnlyList<string[]> baskets, double minSupport, double minConfidence)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var coded = new int[baskets.Count][];
        for (var k = 0; k < coded.Length; k++)
        {
            var items = baskets[k];
            var row = coded[k] = new int[items.Length];
            for (var a = 0; a < items.Length; a++)
            {
                if (!index.TryGetValue(items[a], out row[a]))
                {
                    index[items[a]] = row[a] = index.Count;
                }
            }
        }

        return Mine(coded, Names(index), minSupport, minConfidence);
    }

    /// <summary>The ids by number, from ids numbered in order of first appearance.</summary>
    private static string[] Names(Dictionary<string, int> index)
    {
        var names = new string[index.Count];
        foreach (var (name, i) in index)
        {
            names[i] = name;
        }

        return names;
    }

    // Pairs counted by item number (a dense triangle up to a few thousand items): with 2,000 products and 100k
    // customers there are tens of millions of pairs, too many to hash as pairs of strings. Each basket distinct.
    private static List<AssociationRule> Mine(int[][] coded, string[] names, double minSupport, double minConfidence)
    {
        var n = (double)coded.Length;
        var single = new int[names.Length];
        var pairs = new PairCounts(names.Length);
        foreach (var row in coded)
        {
            for (var a = 0; a < row.Length; a++)
            {
                single[row[a]]++;
                for (var b = a + 1; b < row.Length; b++)
                {
                    pairs.Add(row[a], row[b]);
                }
            }
        }

        var rules = new List<AssociationRule>();
        foreach (var (a, b, count) in pairs.NonZero())
        {
            var support = count / n;
            if (support < minSupport)
            {
                continue;
            }

            foreach (var (x, y) in new[] { (a, b), (b, a) })
            {
                var confidence = count / (double)single[x];
                if (confidence >= minConfidence)
                {
                    rules.Add(new AssociationRule(names[x], names[y], count, support, confidence, confidence / (single[y] / n)));
                }
            }
        }

        return rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenBy(r => r.Antecedent, StringComparer.Ordinal).ThenBy(r => r.Consequent, StringComparer.Ordinal).ToList();
    }

    /// <summary>Co-occurrence counts of unordered item pairs: a dense triangle when it fits in 64 MB, else a dictionary.</summary>
    private sealed class PairCounts(int items)
    {
        private readonly int[]? _dense = (long)items * items <= 16L << 20 ? new int[items * items] : null;
        private readonly Dictionary<long, int> _sparse = new(PairKeys.Comparer);

        public void Add(int a, int b)
        {
            var (x, y) = a < b ? (a, b) : (b, a);
            if (_dense is not null)
            {
                _dense[(x * items) + y]++;
            }
            else
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_sparse, ((long)x << 32) | (uint)y, out _)++;
            }
        }

        public IEnumerable<(int A, int B, int Count)> NonZero()
        {
            if (_dense is null)
            {
                foreach (var (key, count) in _sparse)
                {
                    yield return ((int)(key >> 32), (int)(key & 0xFFFFFFFF), count);
                }

                yield break;
            }

            for (var x = 0; x < items; x++)
            {
                for (var y = x + 1; y < items; y++)
                {
                    if (_dense[(x * items) + y] is var count and > 0)
                    {
                        yield return (x, y, count);
                    }
                }
            }
        }
    }
}
