using CrmReco.Core.Transactions;

namespace CrmReco.Core.Analytics;

/// <summary>
/// One customer's lines reduced once (the single aggregation pass every model starts from): the purchase days
/// (days with at least one bought line, ascending), what each of those days netted (returns on the same day
/// included), the number of documents with a bought line, and the net amount of all lines.
/// </summary>
internal sealed class CustomerHistory
{
    private CustomerHistory(string id, List<Transaction> lines, int[] purchaseDays, double[] dayAmounts, int orders, double monetary)
    {
        Id = id;
        Lines = lines;
        PurchaseDays = purchaseDays;
        DayAmounts = dayAmounts;
        Orders = orders;
        Monetary = monetary;
    }

    public string Id { get; }

    public List<Transaction> Lines { get; }

    public int[] PurchaseDays { get; }

    public double[] DayAmounts { get; }

    public int Orders { get; }

    public double Monetary { get; }

    public int LastPurchaseDay => PurchaseDays[^1];

    /// <summary>Lines on or before <paramref name="until"/> per customer, customers in order of first appearance.</summary>
    public static Dictionary<string, List<Transaction>> GroupByCustomer(IEnumerable<Transaction> transactions, DateOnly until)
    {
        var byCustomer = new Dictionary<string, List<Transaction>>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            if (t.Date > until)
            {
                continue;
            }

            if (!byCustomer.TryGetValue(t.CustomerId, out var lines))
            {
                byCustomer[t.CustomerId] = lines = [];
            }

            lines.Add(t);
        }

        return byCustomer;
    }

    /// <summary>The customer's history, or null when no line is a purchase (returns only).</summary>
    public static CustomerHistory? From(string id, List<Transaction> lines, HashSet<string> orderBuffer)
    {
        // Lines by (day, position): a day's amounts are then summed in the order the lines came.
        var keys = new long[lines.Count];
        double monetary = 0;
        orderBuffer.Clear();
        for (var i = 0; i < lines.Count; i++)
        {
            keys[i] = ((long)lines[i].Date.DayNumber << 32) | (uint)i;
            monetary += lines[i].Amount;
            if (lines[i].Quantity > 0)
            {
                orderBuffer.Add(lines[i].OrderId);
            }
        }

        if (orderBuffer.Count == 0)
        {
            return null;
        }

        Array.Sort(keys);
        var days = new List<int>();
        var amounts = new List<double>();
        for (var start = 0; start < keys.Length;)
        {
            var day = (int)(keys[start] >> 32);
            var end = start;
            double amount = 0;
            var bought = false;
            for (; end < keys.Length && (int)(keys[end] >> 32) == day; end++)
            {
                var line = lines[(int)(keys[end] & 0xFFFFFFFF)];
                amount += line.Amount;
                bought |= line.Quantity > 0;
            }

            if (bought)
            {
                days.Add(day);
                amounts.Add(amount);
            }

            start = end;
        }

        return new CustomerHistory(id, lines, [.. days], [.. amounts], orderBuffer.Count, monetary);
    }

    /// <summary>x, t_x, T and m_x with the conventions of <see cref="CustomerSummaries"/>.</summary>
    public CustomerSummary Summary(DateOnly calibrationEnd, double daysPerUnit)
    {
        var first = PurchaseDays[0];
        var repeat = PurchaseDays.Length - 1;
        double repeatSum = 0;
        for (var i = 1; i < DayAmounts.Length; i++)
        {
            repeatSum += DayAmounts[i];
        }

        return new CustomerSummary(
            Id,
            repeat,
            (LastPurchaseDay - first) / daysPerUnit,
            (calibrationEnd.DayNumber - first) / daysPerUnit,
            repeat == 0 ? 0 : repeatSum / repeat);
    }
}
