using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

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
