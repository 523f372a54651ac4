using CrmReco.Core.Transactions;

namespace CrmReco.Core.Analytics;

/// <summary>A customer's purchase summary in the calibration period, the input of BG/NBD and Gamma-Gamma.</summary>
/// <param name="Frequency">x: repeat purchases = distinct purchase days − 1.</param>
/// <param name="Recency">t_x: time from the first to the last purchase, in time units.</param>
/// <param name="T">Time from the first purchase to the end of calibration, in time units.</param>
/// <param name="MonetaryValue">Mean value of the repeat purchase days (0 without repeat).</param>
public sealed record CustomerSummary(string CustomerId, int Frequency, double Recency, double T, double MonetaryValue);

/// <summary>Turns transactions into summaries with the conventions of Fader, Hardie &amp; Lee and of the
/// <c>lifetimes</c> library: purchases are counted per day; days after the calibration end are ignored.</summary>
public static class CustomerSummaries
{
    public static List<CustomerSummary> FromTransactions(IEnumerable<Transaction> transactions, DateOnly calibrationEnd, double daysPerUnit = 1)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(daysPerUnit);
        var result = new List<CustomerSummary>();
        foreach (var customer in transactions.Where(t => t.Date <= calibrationEnd).GroupBy(t => t.CustomerId, StringComparer.Ordinal))
        {
            // One purchase per day; a day with only returns (credit notes, negative quantities) is not a purchase,
            // but its amount nets out of the day it falls on when that day also has a purchase.
            var days = customer.GroupBy(t => t.Date).Where(d => d.Any(t => t.Quantity > 0))
                .Select(d => (Day: d.Key, Amount: d.Sum(t => t.Amount))).OrderBy(d => d.Day).ToList();
            if (days.Count == 0)
            {
                continue;
            }

            var first = days[0].Day;
            var repeat = days.Skip(1).ToList();
            result.Add(new CustomerSummary(
                customer.Key,
                repeat.Count,
                (days[^1].Day.DayNumber - first.DayNumber) / daysPerUnit,
                (calibrationEnd.DayNumber - first.DayNumber) / daysPerUnit,
                repeat.Count == 0 ? 0 : repeat.Average(d => d.Amount)));
        }

        return result;
    }
}
