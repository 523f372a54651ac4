using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Variety and range of each item of an <see cref="Interactions"/>, from the catalogue (unknown: null / −1).</summary>
public sealed class ItemTraits
{
    public ItemTraits(Interactions data, IReadOnlyDictionary<string, CatalogueItem>? catalogue)
    {
        ArgumentNullException.ThrowIfNull(data);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        Variety = new int[data.Items.Length];
        Range = new int[data.Items.Length];
        for (var i = 0; i < data.Items.Length; i++)
        {
            var product = catalogue?.GetValueOrDefault(data.Items[i]);
            Variety[i] = product?.Variety is { Length: > 0 } v ? (names.TryGetValue(v, out var index) ? index : names[v] = names.Count) : -1;
            Range[i] = product?.Range ?? -1;
        }

        VarietyNames = names.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
    }

    /// <summary>Variety index per item, −1 when unknown.</summary>
    public int[] Variety { get; }

    /// <summary>Range level per item (<see cref="WineRange"/>), −1 when unknown.</summary>
    public int[] Range { get; }

    public string[] VarietyNames { get; }

    /// <summary>The customer's strength per variety.</summary>
    public double[] VarietyStrength(Interactions data, int user)
    {
        ArgumentNullException.ThrowIfNull(data);
        var strength = new double[VarietyNames.Length];
        var items = data.UserItems[user];
        for (var k = 0; k < items.Length; k++)
        {
            if (Variety[items[k]] >= 0)
            {
                strength[Variety[items[k]]] += data.UserValues[user][k];
            }
        }

        return strength;
    }
}
