using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// Customer × product history as sparse rows (CSR both ways), with the implicit-feedback strength
/// r = Σ quantity · exp(−age / τ) (credit notes subtract, clipped at 0) and the set of orders per customer.
/// </summary>
public sealed class Interactions
{
    private Interactions(string[] users, string[] items, Dictionary<string, int> userIndex, Dictionary<string, int> itemIndex, int[][] userItems, float[][] userValues, int[][] itemUsers, float[][] itemValues, int[] itemBuyers)
    {
        Users = users;
        Items = items;
        UserItems = userItems;
        UserValues = userValues;
        ItemUsers = itemUsers;
        ItemValues = itemValues;
        ItemBuyers = itemBuyers;
        UserIndex = userIndex;
        ItemIndex = itemIndex;
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
        var strength = new Dictionary<long, double>(transactions.Count, PairKeys.Comparer); // sized once: growing to ~2M entries rehashed it ~20 times
        var decay = new Dictionary<int, double>(); // e^(−age/τ) per age in days: a few thousand ages for millions of lines
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
            var age = asOf.DayNumber - t.Date.DayNumber;
            if (!decay.TryGetValue(age, out var weight))
            {
                decay[age] = weight = Math.Exp(-age / decayDays);
            }

            CollectionsMarshal.GetValueRefOrAddDefault(strength, key, out _) += t.Quantity * weight;
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

        // Rows sized by a first count, filled, then each sorted by column (a user's items are distinct, and an
        // item's users: the order is fully determined).
        var (userItems, userValues) = Rows(users.Length, kept, k => userMap[k.User], k => itemMap[k.Item]);
        var (itemUsers, itemValues) = Rows(items.Length, kept, k => itemMap[k.Item], k => userMap[k.User]);
        return new Interactions(users, items, userIndex, itemIndex, userItems, userValues, itemUsers, itemValues, [.. itemUsers.Select(r => r.Length)]);
    }

    private static (int[][] Columns, float[][] Values) Rows(int count, List<(int User, int Item, double Value)> cells, Func<(int User, int Item, double Value), int> row, Func<(int User, int Item, double Value), int> column)
    {
        var lengths = new int[count];
        foreach (var cell in cells)
        {
            lengths[row(cell)]++;
        }

        var columns = new int[count][];
        var values = new float[count][];
        for (var r = 0; r < count; r++)
        {
            columns[r] = new int[lengths[r]];
            values[r] = new float[lengths[r]];
            lengths[r] = 0;
        }

        foreach (var cell in cells)
        {
            var r = row(cell);
            columns[r][lengths[r]] = column(cell);
            values[r][lengths[r]++] = (float)cell.Value;
        }

        for (var r = 0; r < count; r++)
        {
            Array.Sort(columns[r], values[r]);
        }

        return (columns, values);
    }
}
