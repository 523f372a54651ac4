using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

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
