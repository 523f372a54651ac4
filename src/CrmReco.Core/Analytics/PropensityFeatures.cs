using CrmReco.Core.Transactions;

namespace CrmReco.Core.Analytics;

/// <summary>
/// The propensity model's one aggregation pass: every customer's bought lines reduced once to running totals
/// per purchase day (distinct documents, net amount, distinct products so far). The features of a customer at
/// any cutoff are then read at the last purchase day on or before it (a binary search), so each cutoff costs
/// O(customers) plus its BG/NBD fit, and building a sampled row costs O(1) instead of a pass over its lines.
/// </summary>
internal sealed class PropensityFeatures
{
    private readonly string[] _ids;

    // Customer c's purchase days are _days[_start[c] .. _start[c + 1]), ascending; the running totals beside
    // them include every bought line of that day and the days before.
    private readonly int[] _start;
    private readonly int[] _days;
    private readonly int[] _orders;
    private readonly double[] _monetary;
    private readonly int[] _products;

    private PropensityFeatures(string[] ids, int[] start, int[] days, int[] orders, double[] monetary, int[] products)
    {
        _ids = ids;
        _start = start;
        _days = days;
        _orders = orders;
        _monetary = monetary;
        _products = products;
    }

    public int Customers => _ids.Length;

    /// <summary>Bought lines (quantity &gt; 0) on or before <paramref name="asOf"/>, customers in order of first
    /// appearance; a customer's lines in date order, the lines of a day in the order they came (so that the
    /// running amounts are the same sums, in the same order, as over the customer's lines up to a cutoff).</summary>
    public static PropensityFeatures From(IEnumerable<Transaction> transactions, DateOnly asOf)
    {
        var byCustomer = CustomerHistory.GroupByCustomer(transactions.Where(t => t.Quantity > 0), asOf);
        var ids = new string[byCustomer.Count];
        var start = new int[byCustomer.Count + 1];
        List<int> days = [], orders = [], products = [];
        var monetary = new List<double>();
        var orderSet = new HashSet<string>(StringComparer.Ordinal);
        var productSet = new HashSet<string>(StringComparer.Ordinal);
        var c = 0;
        foreach (var (id, lines) in byCustomer)
        {
            var keys = new long[lines.Count];
            for (var i = 0; i < lines.Count; i++)
            {
                keys[i] = ((long)lines[i].Date.DayNumber << 32) | (uint)i;
            }

            Array.Sort(keys);
            orderSet.Clear();
            productSet.Clear();
            double amount = 0;
            for (var k = 0; k < keys.Length; k++)
            {
                var line = lines[(int)(keys[k] & 0xFFFFFFFF)];
                orderSet.Add(line.OrderId);
                productSet.Add(line.ProductId);
                amount += line.Amount;
                var day = (int)(keys[k] >> 32);
                if (k + 1 == keys.Length || (int)(keys[k + 1] >> 32) != day)
                {
                    days.Add(day);
                    orders.Add(orderSet.Count);
                    monetary.Add(amount);
                    products.Add(productSet.Count);
                }
            }

            ids[c] = id;
            start[++c] = days.Count;
        }

        return new PropensityFeatures(ids, start, [.. days], [.. orders], [.. monetary], [.. products]);
    }

    /// <summary>The customers known at <paramref name="cutoff"/> (a purchase on or before it), in order, and
    /// BG/NBD fitted on all of them: the two cutoff-wide inputs of the features.</summary>
    public Cutoff At(DateOnly cutoff)
    {
        var customers = new List<int>(_ids.Length);
        var last = new List<int>(_ids.Length);
        var summaries = new List<CustomerSummary>(_ids.Length);
        for (var c = 0; c < _ids.Length; c++)
        {
            var end = LastOnOrBefore(c, cutoff.DayNumber);
            if (end < _start[c])
            {
                continue;
            }

            customers.Add(c);
            last.Add(end);
            // x, t_x and T as CustomerHistory.Summary computes them, in weeks; BG/NBD does not read m_x.
            var first = _days[_start[c]];
            summaries.Add(new CustomerSummary(_ids[c], end - _start[c], (_days[end] - first) / WeekDays, (cutoff.DayNumber - first) / WeekDays, 0));
        }

        return new Cutoff(cutoff, [.. customers], [.. last], summaries.Count == 0 ? null : BgNbd.Fit(summaries));
    }

    /// <summary>The example of row <paramref name="row"/> of <paramref name="cutoff"/> (the row-th known
    /// customer), labelled "bought in the horizon after the cutoff" when <paramref name="labelled"/>.</summary>
    public Propensity.Example Example(Cutoff cutoff, int row, bool labelled)
    {
        ArgumentNullException.ThrowIfNull(cutoff.BgNbd);
        var c = cutoff.Customers[row];
        var end = cutoff.Last[row];
        var first = _days[_start[c]];
        var lastDay = _days[end];
        var repeats = end - _start[c];
        var gap = repeats > 0 ? (lastDay - first) / (double)repeats : 365;
        double recency = (lastDay - first) / WeekDays, t = (cutoff.Date.DayNumber - first) / WeekDays;
        return new Propensity.Example
        {
            CustomerId = _ids[c],
            RecencyDays = cutoff.Date.DayNumber - lastDay,
            Orders = _orders[end],
            Monetary = (float)_monetary[end],
            TenureDays = cutoff.Date.DayNumber - first,
            PAlive = (float)BgNbd.ProbabilityAlive(cutoff.BgNbd, repeats, recency, t),
            Expected90 = (float)BgNbd.ExpectedPurchases(cutoff.BgNbd, repeats, recency, t, Propensity.HorizonDays / WeekDays),
            RecencyOverGap = (float)((cutoff.Date.DayNumber - lastDay) / Math.Max(gap, 1)),
            Products = _products[end],
            Label = labelled && end + 1 < _start[c + 1] && _days[end + 1] <= cutoff.Date.DayNumber + Propensity.HorizonDays,
        };
    }

    /// <summary>The examples of the given rows of the cutoffs taken one after the other (row i of the second
    /// cutoff is row Rows(first) + i), rows ascending; built on several threads, each row in its own slot, so the
    /// result does not depend on the scheduling.</summary>
    public Propensity.Example[] Examples(IReadOnlyList<Cutoff> cutoffs, IReadOnlyList<int> rows, bool labelled)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        ArgumentNullException.ThrowIfNull(rows);
        var offsets = new int[cutoffs.Count + 1];
        for (var k = 0; k < cutoffs.Count; k++)
        {
            offsets[k + 1] = offsets[k] + cutoffs[k].Rows;
        }

        var examples = new Propensity.Example[rows.Count];
        Parallel.For(0, (rows.Count + ChunkRows - 1) / ChunkRows, chunk =>
        {
            var k = 0;
            for (var i = chunk * ChunkRows; i < Math.Min(rows.Count, (chunk + 1) * ChunkRows); i++)
            {
                while (rows[i] >= offsets[k + 1])
                {
                    k++;
                }

                examples[i] = Example(cutoffs[k], rows[i] - offsets[k], labelled);
            }
        });
        return examples;
    }

    /// <summary>Every row of <paramref name="cutoff"/>.</summary>
    public Propensity.Example[] Examples(Cutoff cutoff, bool labelled) =>
        Examples([cutoff], Enumerable.Range(0, cutoff.Rows).ToArray(), labelled);

    /// <summary>Index in the day arrays of customer <paramref name="c"/>'s last purchase day on or before
    /// <paramref name="day"/>; below the customer's first index when there is none.</summary>
    private int LastOnOrBefore(int c, int day)
    {
        int lo = _start[c], hi = _start[c + 1];
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_days[mid] <= day)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    private const double WeekDays = 7;

    private const int ChunkRows = 8192;

    /// <summary>One cutoff: its known customers (indices, in order), the index of each one's last purchase day
    /// on or before it, and BG/NBD fitted on them (null without customers).</summary>
    public sealed record Cutoff(DateOnly Date, int[] Customers, int[] Last, BgNbdParameters? BgNbd)
    {
        public int Rows => Customers.Length;
    }
}
