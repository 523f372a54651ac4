using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

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
