using CrmReco.Core.Transactions;

namespace CrmReco.Core.Analytics;

/// <summary>What a product is, for taste profiles (from the catalogue; absent on a bare transactions file).</summary>
public sealed record ProductAttributes(string? Variety, string? Colour, bool Sparkling, bool LateHarvest, bool GrandCru, string? PriceBand);

/// <summary>Settings of an analytics run.</summary>
/// <param name="AsOf">"Today": the end of the observed history.</param>
/// <param name="DaysPerUnit">BG/NBD time unit: 7 (weeks) suits wine buyers and the CDNOW reference.</param>
/// <param name="AnnualDiscountRate">For the 12-month CLV.</param>
/// <param name="GapShrinkage">k in the shrunk gap (n·g + k·G)/(n + k): pseudo-gaps of the estate-wide gap.</param>
public sealed record AnalyticsOptions(
    DateOnly AsOf,
    double DaysPerUnit = 7,
    double AnnualDiscountRate = 0.10,
    double GapShrinkage = 2,
    double DueFrom = 0.8,
    double DueUntil = 1.5,
    IReadOnlyList<SegmentRule>? SegmentRules = null);

/// <summary>Everything computed for one customer.</summary>
public sealed record CustomerAnalytics(
    string CustomerId,
    int RecencyDays,
    int Orders,
    double Monetary,
    int RScore,
    int FScore,
    int MScore,
    string Segment,
    double ProbabilityAlive,
    double ExpectedPurchases90,
    double ExpectedPurchases365,
    double ExpectedAverageValue,
    double Clv12Months,
    double TypicalGapDays,
    DateOnly NextOrderDate,
    bool IsDue,
    double DiversityEntropy,
    int VarietyCount,
    string TasteKind,
    string? FavouriteVariety,
    TasteShares? Shares = null,
    double? Propensity90 = null);

/// <summary>Shares (0–1) of a customer's bottles and spend per variety, colour, style and price band.
/// Styles: sparkling, late_harvest, grand_cru, other. Keys are "?" where the catalogue does not say.</summary>
public sealed record TasteShares(
    IReadOnlyDictionary<string, double> BottlesByVariety,
    IReadOnlyDictionary<string, double> SpendByVariety,
    IReadOnlyDictionary<string, double> BottlesByColour,
    IReadOnlyDictionary<string, double> BottlesByStyle,
    IReadOnlyDictionary<string, double> SpendByPriceBand);

/// <summary>Customers and revenue of a segment.</summary>
public sealed record SegmentSummary(string Code, string English, string French, int Customers, double Revenue, double MeanProbabilityAlive);

/// <summary>How often a product family (variety, or product without attributes) is bought again by the same customer.</summary>
public sealed record RepurchaseCycle(string Family, int Repeats, double MedianGapDays);

/// <summary>A full analytics run.</summary>
public sealed record AnalyticsResult(
    DateOnly AsOf,
    BgNbdParameters BgNbd,
    GammaGammaParameters? GammaGamma,
    double EstateGapDays,
    IReadOnlyList<CustomerAnalytics> Customers,
    IReadOnlyList<SegmentSummary> Segments,
    IReadOnlyList<RepurchaseCycle> RepurchaseCycles);

/// <summary>RFM, BG/NBD + Gamma-Gamma lifetime value, rebuy timing and taste, per customer, from transactions.
/// One aggregation pass over the lines, then everything is O(customers).</summary>
public static class AnalyticsEngine
{
    public static AnalyticsResult Run(IReadOnlyList<Transaction> transactions, AnalyticsOptions options, IReadOnlyDictionary<string, ProductAttributes>? products = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(options);
        var history = transactions.Where(t => t.Date <= options.AsOf).ToList();
        if (history.Count == 0)
        {
            throw new ArgumentException($"No transaction on or before {options.AsOf:yyyy-MM-dd}.", nameof(transactions));
        }

        var summaries = CustomerSummaries.FromTransactions(history, options.AsOf, options.DaysPerUnit);
        var bgnbd = BgNbd.Fit(summaries);
        GammaGammaParameters? gg = summaries.Any(s => s.Frequency > 0 && s.MonetaryValue > 0) ? GammaGamma.Fit(summaries) : null;
        var byCustomer = history.GroupBy(t => t.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var summaryById = summaries.ToDictionary(s => s.CustomerId, StringComparer.Ordinal);
        var ids = summaries.Select(s => s.CustomerId).ToList();

        // RFM on orders (documents): credit notes are not orders, their amounts net out of monetary.
        var recency = ids.Select(id => (double)(options.AsOf.DayNumber - byCustomer[id].Where(t => t.Quantity > 0).Max(t => t.Date).DayNumber)).ToList();
        var orders = ids.Select(id => (double)byCustomer[id].Where(t => t.Quantity > 0).Select(t => t.OrderId).Distinct(StringComparer.Ordinal).Count()).ToList();
        var monetary = ids.Select(id => byCustomer[id].Sum(t => t.Amount)).ToList();
        var r = Segments.QuintileScores(recency, higherIsBetter: false);
        var f = Segments.QuintileScores(orders);
        var m = Segments.QuintileScores(monetary);

        var gaps = ids.ToDictionary(id => id, id => OrderGaps(byCustomer[id]), StringComparer.Ordinal);
        var allGaps = gaps.Values.SelectMany(g => g).ToList();
        var estateGap = allGaps.Count > 0 ? allGaps.Average() : 365.0;
        var customers = new List<CustomerAnalytics>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            var s = summaryById[id];
            var lines = byCustomer[id];
            var pAlive = BgNbd.ProbabilityAlive(bgnbd, s.Frequency, s.Recency, s.T);
            var e90 = BgNbd.ExpectedPurchases(bgnbd, s.Frequency, s.Recency, s.T, 90 / options.DaysPerUnit);
            var e365 = BgNbd.ExpectedPurchases(bgnbd, s.Frequency, s.Recency, s.T, 365 / options.DaysPerUnit);
            var value = gg is null ? (s.MonetaryValue > 0 ? s.MonetaryValue : monetary[i] / Math.Max(1, orders[i])) : GammaGamma.ExpectedAverageValue(gg, s.Frequency, s.MonetaryValue);
            var clv = Clv12Months(bgnbd, s, value, options);
            var customerGaps = gaps[id];
            var gap = ((customerGaps.Count * (customerGaps.Count > 0 ? customerGaps.Average() : 0)) + (options.GapShrinkage * estateGap)) / (customerGaps.Count + options.GapShrinkage);
            var last = lines.Where(t => t.Quantity > 0).Max(t => t.Date);
            var next = last.AddDays((int)Math.Round(gap));
            var since = options.AsOf.DayNumber - last.DayNumber;
            var isDue = since >= options.DueFrom * gap && since <= options.DueUntil * gap;
            var (entropy, varieties, kind, favourite) = Taste(lines, products);
            var shares = products is null ? null : Shares(lines, products);
            var segment = Segments.Of(r[i], f[i], options.SegmentRules);
            customers.Add(new CustomerAnalytics(id, (int)recency[i], (int)orders[i], Math.Round(monetary[i], 2), r[i], f[i], m[i], segment.Code,
                pAlive, e90, e365, value, clv, Math.Round(gap, 1), next, isDue, entropy, varieties, kind, favourite, shares));
        }

        var rules = options.SegmentRules ?? Segments.Default;
        var segments = rules.Select(rule =>
        {
            var members = customers.Where(c => c.Segment == rule.Code).ToList();
            return new SegmentSummary(rule.Code, rule.English, rule.French, members.Count, Math.Round(members.Sum(c => c.Monetary), 2), members.Count == 0 ? 0 : members.Average(c => c.ProbabilityAlive));
        }).ToList();
        return new AnalyticsResult(options.AsOf, bgnbd, gg, Math.Round(estateGap, 1), customers, segments, RepurchaseCycles(byCustomer.Values, products));
    }

    /// <summary>Days between consecutive order days.</summary>
    private static List<double> OrderGaps(List<Transaction> lines)
    {
        var days = lines.Where(t => t.Quantity > 0).Select(t => t.Date.DayNumber).Distinct().Order().ToList();
        return days.Zip(days.Skip(1), (a, b) => (double)(b - a)).ToList();
    }

    /// <summary>Expected purchases month by month over 12 months × expected order value, discounted monthly.</summary>
    private static double Clv12Months(BgNbdParameters p, CustomerSummary s, double value, AnalyticsOptions options)
    {
        var clv = 0.0;
        var previous = 0.0;
        for (var month = 1; month <= 12; month++)
        {
            var cumulative = BgNbd.ExpectedPurchases(p, s.Frequency, s.Recency, s.T, month * 365.0 / 12 / options.DaysPerUnit);
            clv += (cumulative - previous) * value / Math.Pow(1 + options.AnnualDiscountRate, month / 12.0);
            previous = cumulative;
        }

        return Math.Round(clv, 2);
    }

    /// <summary>Shannon entropy of bottle shares over varieties, their count, and explorer/loyalist.</summary>
    private static (double Entropy, int Count, string Kind, string? Favourite) Taste(List<Transaction> lines, IReadOnlyDictionary<string, ProductAttributes>? products)
    {
        var shares = lines.Where(t => t.Quantity > 0)
            .GroupBy(t => products is not null && products.TryGetValue(t.ProductId, out var a) ? a.Variety ?? (a.Sparkling ? "Crémant" : "?") : t.ProductId, StringComparer.Ordinal)
            .Select(g => (Variety: g.Key, Bottles: g.Sum(t => t.Quantity)))
            .Where(v => v.Bottles > 0)
            .ToList();
        var total = shares.Sum(v => v.Bottles);
        if (total <= 0)
        {
            return (0, 0, "unknown", null);
        }

        var entropy = -shares.Sum(v => v.Bottles / total * Math.Log(v.Bottles / total));
        var top = shares.MaxBy(v => v.Bottles);
        var orders = lines.Where(t => t.Quantity > 0).Select(t => t.OrderId).Distinct(StringComparer.Ordinal).Count();
        var kind = orders < 2 ? "unknown"
            : top.Bottles / total >= 0.6 ? "loyalist"
            : shares.Count >= 3 && entropy >= 0.6 * Math.Log(shares.Count) ? "explorer"
            : "balanced";
        return (Math.Round(entropy, 4), shares.Count, kind, top.Variety);
    }

    private static TasteShares Shares(List<Transaction> lines, IReadOnlyDictionary<string, ProductAttributes> products)
    {
        var bought = lines.Where(t => t.Quantity > 0).Select(t => (Line: t, Product: products.GetValueOrDefault(t.ProductId))).ToList();
        IReadOnlyDictionary<string, double> Share(Func<(Transaction Line, ProductAttributes? Product), string> key, Func<Transaction, double> measure)
        {
            var total = bought.Sum(b => measure(b.Line));
            return total <= 0
                ? new Dictionary<string, double>(StringComparer.Ordinal)
                : bought.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Math.Round(g.Sum(b => measure(b.Line)) / total, 4), StringComparer.Ordinal);
        }

        static string Style(ProductAttributes? p) => p is null ? "?" : p.Sparkling ? "sparkling" : p.LateHarvest ? "late_harvest" : p.GrandCru ? "grand_cru" : "other";
        return new TasteShares(
            Share(b => b.Product?.Variety ?? (b.Product?.Sparkling == true ? "Crémant" : "?"), t => t.Quantity),
            Share(b => b.Product?.Variety ?? (b.Product?.Sparkling == true ? "Crémant" : "?"), t => t.Amount),
            Share(b => b.Product?.Colour ?? "?", t => t.Quantity),
            Share(b => Style(b.Product), t => t.Quantity),
            Share(b => b.Product?.PriceBand ?? "?", t => t.Amount));
    }

    private static List<RepurchaseCycle> RepurchaseCycles(IEnumerable<List<Transaction>> customers, IReadOnlyDictionary<string, ProductAttributes>? products)
    {
        var gapsByFamily = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var lines in customers)
        {
            foreach (var family in lines.Where(t => t.Quantity > 0).GroupBy(t => products is not null && products.TryGetValue(t.ProductId, out var a) ? a.Variety ?? t.ProductId : t.ProductId, StringComparer.Ordinal))
            {
                var days = family.Select(t => t.Date.DayNumber).Distinct().Order().ToList();
                if (!gapsByFamily.TryGetValue(family.Key, out var list))
                {
                    gapsByFamily[family.Key] = list = [];
                }

                list.AddRange(days.Zip(days.Skip(1), (a, b) => b - a));
            }
        }

        return gapsByFamily.Where(kv => kv.Value.Count > 0)
            .Select(kv => new RepurchaseCycle(kv.Key, kv.Value.Count, Median(kv.Value)))
            .OrderByDescending(c => c.Repeats).ToList();
    }

    private static double Median(List<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
    }
}
