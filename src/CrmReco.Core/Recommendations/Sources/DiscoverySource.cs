using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// Discovery: varieties the customer has not tried, scored by how often buyers of the varieties they like also
/// buy them — score(u, b) = Σ_a share_u(a) · P(b | a) over customers — then spread over the variety's wines by
/// their buyers. Only untried varieties score; it widens a customer's palette rather than repeating it.
/// </summary>
public sealed class DiscoverySource : ICandidateSource
{
    private readonly Interactions _data;
    private readonly ItemTraits _traits;
    private readonly double[,] _confidence;
    private readonly int[] _maxBuyers;

    public DiscoverySource(Interactions data, ItemTraits traits)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(traits);
        _data = data;
        _traits = traits;
        var v = traits.VarietyNames.Length;
        var buyers = new int[v];
        var both = new int[v, v];
        var mine = new bool[v];
        var list = new List<int>();
        foreach (var items in data.UserItems)
        {
            list.Clear();
            foreach (var i in items)
            {
                if (traits.Variety[i] >= 0 && !mine[traits.Variety[i]])
                {
                    mine[traits.Variety[i]] = true;
                    list.Add(traits.Variety[i]);
                }
            }

            foreach (var a in list)
            {
                buyers[a]++;
                foreach (var b in list)
                {
                    both[a, b]++;
                }

                mine[a] = false;
            }
        }

        _confidence = new double[v, v];
        for (var a = 0; a < v; a++)
        {
            for (var b = 0; b < v; b++)
            {
                _confidence[a, b] = a == b || buyers[a] == 0 ? 0 : both[a, b] / (double)buyers[a];
            }
        }

        _maxBuyers = new int[v];
        for (var i = 0; i < data.Items.Length; i++)
        {
            if (traits.Variety[i] >= 0)
            {
                _maxBuyers[traits.Variety[i]] = Math.Max(_maxBuyers[traits.Variety[i]], data.ItemBuyers[i]);
            }
        }
    }

    public string Name => "discovery";

    /// <summary>The liked variety that contributes most to discovering the item's variety, and P(item's variety | it).</summary>
    public (string Liked, double Confidence)? BestReason(int user, int item)
    {
        var b = _traits.Variety[item];
        if (b < 0)
        {
            return null;
        }

        var strength = _traits.VarietyStrength(_data, user);
        var best = -1;
        for (var a = 0; a < strength.Length; a++)
        {
            if (strength[a] > 0 && (best < 0 || strength[a] * _confidence[a, b] > strength[best] * _confidence[best, b]))
            {
                best = a;
            }
        }

        return best < 0 ? null : (_traits.VarietyNames[best], _confidence[best, b]);
    }

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        var strength = _traits.VarietyStrength(_data, user);
        var total = strength.Sum();
        if (total <= 0)
        {
            return;
        }

        Span<double> byVariety = stackalloc double[strength.Length];
        for (var b = 0; b < strength.Length; b++)
        {
            if (strength[b] > 0)
            {
                continue; // tried: not a discovery
            }

            for (var a = 0; a < strength.Length; a++)
            {
                byVariety[b] += strength[a] / total * _confidence[a, b];
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var b = _traits.Variety[i];
            if (b >= 0 && byVariety[b] > 0)
            {
                scores[i] = byVariety[b] * WithinVariety(i, b);
            }
        }

        double WithinVariety(int i, int b) => 0.5 + (0.5 * _data.ItemBuyers[i] / Math.Max(1, _maxBuyers[b]));
    }
}
