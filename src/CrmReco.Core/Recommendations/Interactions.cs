using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// Customer × product history as sparse rows (CSR both ways), with the implicit-feedback strength
/// r = Σ quantity · exp(−age / τ) (credit notes subtract, clipped at 0) and the set of orders per customer.
/// </summary>
public sealed class Interactions
{
    private Interactions(string[] users, string[] items, int[][] userItems, float[][] userValues, int[][] itemUsers, float[][] itemValues, int[] itemBuyers)
    {
        Users = users;
        Items = items;
        UserItems = userItems;
        UserValues = userValues;
        ItemUsers = itemUsers;
        ItemValues = itemValues;
        ItemBuyers = itemBuyers;
        UserIndex = users.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i, StringComparer.Ordinal);
        ItemIndex = items.Select((p, i) => (p, i)).ToDictionary(p => p.p, p => p.i, StringComparer.Ordinal);
    }

    public string[] Users { get; }

    public string[] Items { get; }

    public IReadOnlyDictionary<string, int> UserIndex { get; }

    public IReadOnlyDictionary<string, int> ItemIndex { get; }

    /// <summary>Items of each user, ascending, and their strengths.</summary>
    public int[][] UserItems { get; }

    public float[][] UserValues { get; }

    public int[][] ItemUsers { get; }

    public float[][] ItemValues { get; }

    /// <summary>Distinct buyers per item.</summary>
    public int[] ItemBuyers { get; }

    public static Interactions Build(IReadOnlyList<Transaction> transactions, DateOnly asOf, double decayDays = 730)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var strength = new Dictionary<(string User, string Item), double>();
        foreach (var t in transactions)
        {
            if (t.Date > asOf)
            {
                continue;
            }

            var weight = t.Quantity * Math.Exp(-(asOf.DayNumber - t.Date.DayNumber) / decayDays);
            strength[(t.CustomerId, t.ProductId)] = strength.GetValueOrDefault((t.CustomerId, t.ProductId)) + weight;
        }

        var kept = strength.Where(kv => kv.Value > 0).ToList();
        var users = kept.Select(kv => kv.Key.User).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var items = kept.Select(kv => kv.Key.Item).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var userIndex = users.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i, StringComparer.Ordinal);
        var itemIndex = items.Select((p, i) => (p, i)).ToDictionary(p => p.p, p => p.i, StringComparer.Ordinal);
        var byUser = kept.GroupBy(kv => userIndex[kv.Key.User]).ToDictionary(g => g.Key, g => g.Select(kv => (Item: itemIndex[kv.Key.Item], Value: (float)kv.Value)).OrderBy(p => p.Item).ToArray());
        var byItem = kept.GroupBy(kv => itemIndex[kv.Key.Item]).ToDictionary(g => g.Key, g => g.Select(kv => (User: userIndex[kv.Key.User], Value: (float)kv.Value)).OrderBy(p => p.User).ToArray());
        return new Interactions(
            users,
            items,
            users.Select((_, u) => byUser[u].Select(p => p.Item).ToArray()).ToArray(),
            users.Select((_, u) => byUser[u].Select(p => p.Value).ToArray()).ToArray(),
            items.Select((_, i) => byItem[i].Select(p => p.User).ToArray()).ToArray(),
            items.Select((_, i) => byItem[i].Select(p => p.Value).ToArray()).ToArray(),
            items.Select((_, i) => byItem[i].Length).ToArray());
    }
}
