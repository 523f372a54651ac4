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
        // One purchase per day; a day with only returns (credit notes, negative quantities) is not a purchase,
        // but its amount nets out of the day it falls on when that day also has a purchase.
        var result = new List<CustomerSummary>();
        var orders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, lines) in CustomerHistory.GroupByCustomer(transactions, calibrationEnd))
        {
            if (CustomerHistory.From(id, lines, orders) is { } history)
            {
                result.Add(history.Summary(calibrationEnd, daysPerUnit));
            }
        }

        return result;
    }

    /// <summary>Above this many customers, the lifetime fits compare their starting points on an evenly spaced
    /// sample of this size, then refine the winner on everyone (the comparison needs hundreds of likelihood
    /// evaluations, the refinement a few dozen).</summary>
    internal const int SearchSample = 10_000;

    /// <summary>Every k-th customer, k = ⌈n / <see cref="SearchSample"/>⌉: deterministic, spread over the whole list.</summary>
    internal static List<CustomerSummary> EvenSample(IReadOnlyList<CustomerSummary> customers)
    {
        var stride = (customers.Count + SearchSample - 1) / SearchSample;
        var sample = new List<CustomerSummary>((customers.Count / stride) + 1);
        for (var i = 0; i < customers.Count; i += stride)
        {
            sample.Add(customers[i]);
        }

        return sample;
    }
}
