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

        // Ids to provisional integers first: hashing a (string, string) pair per line costs more than the rest.
        var userIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var strength = new Dictionary<long, double>();
        foreach (var t in transactions)
        {
            if (t.Date > asOf)
            {
                continue;
            }

            if (!userIds.TryGetValue(t.CustomerId, out var u))
            {
                userIds[t.CustomerId] = u = userIds.Count;
            }

            if (!itemIds.TryGetValue(t.ProductId, out var i))
            {
                itemIds[t.ProductId] = i = itemIds.Count;
            }

            var key = ((long)u << 32) | (uint)i;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(strength, key, out _) += t.Quantity * Math.Exp(-(asOf.DayNumber - t.Date.DayNumber) / decayDays);
        }

        // Final indices: kept users and items in ordinal order.
        var kept = strength.Where(kv => kv.Value > 0).Select(kv => (User: (int)(kv.Key >> 32), Item: (int)(kv.Key & 0xFFFFFFFF), kv.Value)).ToList();
        var userNames = new string[userIds.Count];
        foreach (var (name, index) in userIds)
        {
            userNames[index] = name;
        }

        var itemNames = new string[itemIds.Count];
        foreach (var (name, index) in itemIds)
        {
            itemNames[index] = name;
        }

        var users = kept.Select(k => k.User).Distinct().Select(u => userNames[u]).Order(StringComparer.Ordinal).ToArray();
        var items = kept.Select(k => k.Item).Distinct().Select(i => itemNames[i]).Order(StringComparer.Ordinal).ToArray();
        var userIndex = users.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i, StringComparer.Ordinal);
        var itemIndex = items.Select((p, i) => (p, i)).ToDictionary(p => p.p, p => p.i, StringComparer.Ordinal);
        var userMap = new int[userNames.Length];
        for (var u = 0; u < userNames.Length; u++)
        {
            userMap[u] = userIndex.GetValueOrDefault(userNames[u], -1);
        }

        var itemMap = new int[itemNames.Length];
        for (var i = 0; i < itemNames.Length; i++)
        {
            itemMap[i] = itemIndex.GetValueOrDefault(itemNames[i], -1);
        }

        var byUser = new List<(int Item, float Value)>[users.Length];
        var byItem = new List<(int User, float Value)>[items.Length];
        foreach (var (u, i, value) in kept)
        {
            (byUser[userMap[u]] ??= []).Add((itemMap[i], (float)value));
            (byItem[itemMap[i]] ??= []).Add((userMap[u], (float)value));
        }

        foreach (var row in byUser)
        {
            row.Sort((x, y) => x.Item.CompareTo(y.Item));
        }

        foreach (var row in byItem)
        {
            row.Sort((x, y) => x.User.CompareTo(y.User));
        }

        return new Interactions(
            users,
            items,
            byUser.Select(r => r.Select(p => p.Item).ToArray()).ToArray(),
            byUser.Select(r => r.Select(p => p.Value).ToArray()).ToArray(),
            byItem.Select(r => r.Select(p => p.User).ToArray()).ToArray(),
            byItem.Select(r => r.Select(p => p.Value).ToArray()).ToArray(),
            byItem.Select(r => r.Count).ToArray());
    }
}
