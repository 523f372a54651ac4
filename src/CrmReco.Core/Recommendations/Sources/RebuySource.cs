using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

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
