using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

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
