using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Range levels of the estate's wines: 0 classique, 1 réserve / vieilles vignes, 2 grand cru, 3 late
/// harvest and noble rot (VT, SGN) or the "Prestige" tier.</summary>
public static class WineRange
{
    public static int? Of(string? premiumTier, bool isGrandCru, bool isLateHarvest)
    {
        var tier = premiumTier?.Trim() ?? string.Empty;
        bool Has(string word) => tier.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (isLateHarvest || Has("prestige") || Has("vendanges") || Has("sgn") || Has("grains nobles"))
        {
            return 3;
        }

        if (isGrandCru || Has("grand cru"))
        {
            return 2;
        }

        if (Has("réserve") || Has("reserve") || Has("vieilles vignes"))
        {
            return 1;
        }

        return tier.Length > 0 ? 0 : null;
    }
}

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

/// <summary>
/// Recent and seasonal popularity, for cold start: distinct buyers of each item in the same calendar window
/// (windowDays from the as-of day) in each of the last years, plus
/// distinct buyers in the last recentDays days. A Crémant sells in December, a rosé in June.
/// </summary>
public sealed class SeasonalPopularitySource : ICandidateSource
{
    private readonly double[] _scores;

    public SeasonalPopularitySource(Interactions data, IEnumerable<Transaction> history, DateOnly asOf, int windowDays = 61, int years = 3, int recentDays = 90)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(history);
        var seen = new HashSet<(int Window, string Customer, int Item)>();
        _scores = new double[data.Items.Length];
        foreach (var t in history)
        {
            if (t.Quantity <= 0 || t.Date > asOf || !data.ItemIndex.TryGetValue(t.ProductId, out var item))
            {
                continue;
            }

            var window = -1;
            if (asOf.DayNumber - t.Date.DayNumber < recentDays)
            {
                window = 0;
            }
            else
            {
                for (var y = 1; y <= years; y++)
                {
                    var start = asOf.AddYears(-y);
                    if (t.Date >= start && t.Date.DayNumber < start.DayNumber + windowDays)
                    {
                        window = y;
                        break;
                    }
                }
            }

            if (window >= 0 && seen.Add((window, t.CustomerId, item)))
            {
                _scores[item]++;
            }
        }

        Window = string.Create(CultureInfo.InvariantCulture, $"{asOf:MM-dd}+{windowDays}d");
    }

    public string Name => "seasonal";

    /// <summary>The calendar window, e.g. "12-01+61d", for explanations and logs.</summary>
    public string Window { get; }

    public void Score(int user, Span<double> scores) => _scores.CopyTo(scores);
}

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

/// <summary>
/// Buy again or try within one's taste, as one next-purchase probability (a repeat-purchase mixture in the
/// spirit of Bhagat et al. 2018, "Buy It Again", KDD): score(u, i) = β · P_again(i | u) + (1 − β) · P_taste(i | u).
/// P_again spreads the customer's purchase frequency per wine (<see cref="RebuySource.LineStrengths"/>,
/// normalized to sum 1) over the wine's vintages now selling (<see cref="VintageShares"/>); P_taste is the
/// variety mix (<see cref="VarietyMixSource"/>). β is the estate's repeat rate: the share of the sales lines of
/// the last year, by customers who had bought before, whose wine they had already bought.
/// Unlike the min-max blend, both parts keep their scale: a customer with one wine bought five times gets a
/// strong rebuy; one with twenty wines bought once each, a weak one per wine.
/// </summary>
public sealed class BuyAgainSource : ICandidateSource
{
    private readonly Interactions _data;
    private readonly VintageShares _vintages;
    private readonly float[][] _frequency;
    private readonly VarietyMixSource _taste;

    public BuyAgainSource(Interactions data, IReadOnlyList<Transaction> history, DateOnly asOf, VintageShares vintages, float[][] frequency, VarietyMixSource taste)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(vintages);
        (_data, _vintages, _frequency, _taste) = (data, vintages, frequency, taste);
        RepeatRate = MeasureRepeatRate(data, history, asOf, vintages.WineOf);
    }

    /// <summary>The taste part's prior strength m (<see cref="VarietyMixSource"/>): stronger than the variety
    /// mix's own, because here the customer's own wines are already in the rebuy part.</summary>
    public const double TastePrior = 20;

    public string Name => "buyAgain";

    /// <summary>β: share of last year's lines (by returning customers) that were a wine bought before.</summary>
    public double RepeatRate { get; }

    public void Score(int user, Span<double> scores)
    {
        _taste.Score(user, scores);
        var items = _data.UserItems[user];
        var values = _frequency[user];
        double sum = 0;
        for (var k = 0; k < items.Length; k++)
        {
            sum += values[k];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] *= 1 - RepeatRate;
        }

        if (sum <= 0)
        {
            return;
        }

        for (var k = 0; k < items.Length; k++)
        {
            foreach (var (item, share) in _vintages.Of(items[k]))
            {
                scores[item] += RepeatRate * values[k] / sum * share;
            }
        }
    }

    internal static double MeasureRepeatRate(Interactions data, IReadOnlyList<Transaction> history, DateOnly asOf, int[] wineOf, int days = 365)
    {
        // A line repeats when the customer bought the same wine on an earlier day; it counts when the customer
        // had bought anything on an earlier day. First purchase days per (customer, product) slot of the
        // interactions, then the window's lines against them: integers only after one lookup per line.
        var first = data.UserItems.Select(items => Enumerable.Repeat(int.MaxValue, items.Length).ToArray()).ToArray();
        var from = asOf.AddDays(-days + 1).DayNumber;
        var window = new List<(int User, int Slot, int Day)>();
        foreach (var t in history)
        {
            if (t.Quantity <= 0 || t.Date > asOf || !data.UserIndex.TryGetValue(t.CustomerId, out var u) || !data.ItemIndex.TryGetValue(t.ProductId, out var i))
            {
                continue;
            }

            var k = Array.BinarySearch(data.UserItems[u], i);
            if (k >= 0)
            {
                first[u][k] = Math.Min(first[u][k], t.Date.DayNumber);
                if (t.Date.DayNumber >= from)
                {
                    window.Add((u, k, t.Date.DayNumber));
                }
            }
        }

        long lines = 0, repeats = 0;
        foreach (var (u, k, day) in window)
        {
            var items = data.UserItems[u];
            bool returning = false, repeat = false;
            for (var j = 0; j < items.Length; j++)
            {
                if (first[u][j] < day)
                {
                    returning = true;
                    repeat |= wineOf[items[j]] == wineOf[items[k]];
                }
            }

            lines += returning ? 1 : 0;
            repeats += repeat ? 1 : 0;
        }

        return lines == 0 ? 0.5 : (double)repeats / lines;
    }
}
