using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// Up-sell: within each variety the customer buys, the next range level above the best one they bought
/// (Réserve → Grand Cru → VT), scored by the variety's share of their purchases and the wine's buyers within
/// that level. Nothing for items without a known variety and range.
/// </summary>
public sealed class UpsellSource(Interactions data, ItemTraits traits) : ICandidateSource
{
    public string Name => "upsell";

    /// <summary>The customer's best wine of that variety below the item's range (what the step goes up from).</summary>
    public int? SteppedFrom(int user, int item)
    {
        ArgumentNullException.ThrowIfNull(traits);
        int? best = null;
        foreach (var j in data.UserItems[user])
        {
            if (traits.Variety[j] == traits.Variety[item] && traits.Range[j] >= 0 && traits.Range[j] < traits.Range[item]
                && (best is null || traits.Range[j] > traits.Range[best.Value]))
            {
                best = j;
            }
        }

        return best;
    }

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        var strength = traits.VarietyStrength(data, user);
        var total = strength.Sum();
        if (total <= 0)
        {
            return;
        }

        var top = new int[strength.Length];
        Array.Fill(top, -1);
        foreach (var j in data.UserItems[user])
        {
            if (traits.Variety[j] >= 0)
            {
                top[traits.Variety[j]] = Math.Max(top[traits.Variety[j]], traits.Range[j]);
            }
        }

        // The step: the smallest range level above the customer's best that the variety offers.
        var step = new int[strength.Length];
        Array.Fill(step, int.MaxValue);
        var maxBuyers = new int[strength.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            var v = traits.Variety[i];
            if (v >= 0 && top[v] >= 0 && traits.Range[i] > top[v] && traits.Range[i] <= step[v])
            {
                maxBuyers[v] = traits.Range[i] < step[v] ? data.ItemBuyers[i] : Math.Max(maxBuyers[v], data.ItemBuyers[i]);
                step[v] = traits.Range[i];
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var v = traits.Variety[i];
            if (v >= 0 && traits.Range[i] == step[v] && strength[v] > 0)
            {
                scores[i] = strength[v] / total * (0.5 + (0.5 * data.ItemBuyers[i] / Math.Max(1, maxBuyers[v])));
            }
        }
    }
}
