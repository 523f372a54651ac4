using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// The customer's variety mix times each variety's best sellers: score(u, i) = P(v | u) · P(i | v) with v the
/// variety of i, P(v | u) = (f_u(v) + m · P(v)) / (Σ f_u + m) from the customer's purchase frequency per
/// variety (sales lines, decayed; <see cref="RebuySource.LineStrengths"/>) smoothed towards the estate's
/// variety shares P(v) with m = the prior (2), and P(i | v) = n(i) / Σ_{j of v} n(j) (distinct
/// buyers). It proposes the popular wines of the grapes a customer drinks; items without a variety score 0.
/// </summary>
public sealed class VarietyMixSource : ICandidateSource
{
    private readonly Interactions _data;
    private readonly ItemTraits _traits;
    private readonly float[][] _frequency;
    private readonly double[] _varietyShare;
    private readonly double[] _withinVariety;
    private readonly double _prior;

    /// <param name="frequency">Per customer, the purchase frequency of each product, aligned with <see cref="Interactions.UserItems"/>.</param>
    public VarietyMixSource(Interactions data, ItemTraits traits, float[][] frequency, double prior = 2)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(traits);
        ArgumentNullException.ThrowIfNull(frequency);
        (_data, _traits, _frequency, _prior) = (data, traits, frequency, prior);
        var buyersByVariety = new double[traits.VarietyNames.Length];
        for (var i = 0; i < data.Items.Length; i++)
        {
            if (traits.Variety[i] >= 0)
            {
                buyersByVariety[traits.Variety[i]] += data.ItemBuyers[i];
            }
        }

        var total = buyersByVariety.Sum();
        _varietyShare = buyersByVariety.Select(b => total == 0 ? 0 : b / total).ToArray();
        _withinVariety = new double[data.Items.Length];
        for (var i = 0; i < data.Items.Length; i++)
        {
            var v = traits.Variety[i];
            _withinVariety[i] = v < 0 || buyersByVariety[v] == 0 ? 0 : data.ItemBuyers[i] / buyersByVariety[v];
        }
    }

    public string Name => "varietyMix";

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        if (_varietyShare.Length == 0)
        {
            return;
        }

        Span<double> mix = _varietyShare.Length <= 256 ? stackalloc double[_varietyShare.Length] : new double[_varietyShare.Length];
        mix.Clear();
        var items = _data.UserItems[user];
        var values = _frequency[user];
        double sum = 0;
        for (var k = 0; k < items.Length; k++)
        {
            var v = _traits.Variety[items[k]];
            if (v >= 0)
            {
                mix[v] += values[k];
                sum += values[k];
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var v = _traits.Variety[i];
            if (v >= 0)
            {
                scores[i] = (mix[v] + (_prior * _varietyShare[v])) / (sum + _prior) * _withinVariety[i];
            }
        }
    }
}
