using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Analytics;

/// <summary>What a product is, for taste profiles (from the catalogue; absent on a bare transactions file).</summary>
public sealed record ProductAttributes(string? Variety, string? Colour, bool Sparkling, bool LateHarvest, bool GrandCru, string? PriceBand);

/// <summary>Settings of an analytics run.</summary>
/// <param name="AsOf">"Today": the end of the observed history.</param>
/// <param name="DaysPerUnit">BG/NBD time unit: 7 (weeks) suits wine buyers and the CDNOW reference.</param>
/// <param name="AnnualDiscountRate">For the 12-month CLV.</param>
/// <param name="GapShrinkage">k in the shrunk gap (n·g + k·G)/(n + k): pseudo-gaps of the estate-wide gap.</param>
/// <param name="Model">Lifetime model: null = BG/NBD without comparison (what the recommendations read); "auto" =
/// chosen on held-out data (<see cref="ModelSelection"/>); or "bg-nbd", "pareto-nbd", "mbg-nbd".</param>
public sealed record AnalyticsOptions(
    DateOnly AsOf,
    double DaysPerUnit = 7,
    double AnnualDiscountRate = 0.10,
    double GapShrinkage = 2,
    double DueFrom = 0.8,
    double DueUntil = 1.5,
    IReadOnlyList<SegmentRule>? SegmentRules = null,
    string? Model = null);

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

/// <summary>A full analytics run. <paramref name="Lifetime"/> is the model behind P(alive), the expected purchases and
/// the CLV; <paramref name="ModelChoice"/> says how it was chosen (null when BG/NBD was used without comparison).</summary>
public sealed record AnalyticsResult(
    DateOnly AsOf,
    BgNbdParameters BgNbd,
    GammaGammaParameters? GammaGamma,
    double EstateGapDays,
    IReadOnlyList<CustomerAnalytics> Customers,
    IReadOnlyList<SegmentSummary> Segments,
    IReadOnlyList<RepurchaseCycle> RepurchaseCycles,
    LifetimeModel? Lifetime = null,
    ModelChoice? ModelChoice = null);

/// <summary>RFM, BG/NBD + Gamma-Gamma lifetime value, rebuy timing and taste, per customer, from transactions.
/// One aggregation pass over the lines, then everything is O(customers).</summary>
public static class AnalyticsEngine
{
    public static AnalyticsResult Run(IReadOnlyList<Transaction> transactions, AnalyticsOptions options, IReadOnlyDictionary<string, ProductAttributes>? products = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(options);
        var byCustomer = CustomerHistory.GroupByCustomer(transactions, options.AsOf);
        if (byCustomer.Count == 0)
        {
            throw new ArgumentException($"No transaction on or before {options.AsOf:yyyy-MM-dd}.", nameof(transactions));
        }

        // The one aggregation pass: from here on everything is per customer or per distinct summary.
        var orderBuffer = new HashSet<string>(StringComparer.Ordinal);
        var histories = new List<CustomerHistory>(byCustomer.Count);
        foreach (var (id, lines) in byCustomer)
        {
            if (CustomerHistory.From(id, lines, orderBuffer) is { } history)
            {
                histories.Add(history);
            }
        }

        var summaries = histories.ConvertAll(h => h.Summary(options.AsOf, options.DaysPerUnit));
        var bgnbd = BgNbd.Fit(summaries);
        var lifetime = new LifetimeModel(LifetimeModel.BgNbdCode, BgNbd: bgnbd);
        ModelChoice? choice = null;
        if (options.Model is not null)
        {
            (choice, lifetime) = ModelSelection.Choose(histories, summaries, bgnbd, options.AsOf, options.DaysPerUnit, options.Model);
        }

        var ruleAlive = choice?.ProbabilityAliveMethod == ModelChoice.RuleMethod;
        var medianGap = ruleAlive ? ModelSelection.MedianGapDays(histories) : 0;
        GammaGammaParameters? gg = summaries.Exists(s => s.Frequency > 0 && s.MonetaryValue > 0) ? GammaGamma.Fit(summaries) : null;

        // RFM on orders (documents): credit notes are not orders, their amounts net out of monetary.
        var recency = histories.ConvertAll(h => (double)(options.AsOf.DayNumber - h.LastPurchaseDay));
        var orders = histories.ConvertAll(h => (double)h.Orders);
        var monetary = histories.ConvertAll(h => h.Monetary);
        var r = Segments.QuintileScores(recency, higherIsBetter: false);
        var f = Segments.QuintileScores(orders);
        var m = Segments.QuintileScores(monetary);

        // Gaps between consecutive purchase days, and the estate-wide mean gap.
        double gapSum = 0;
        var gapCount = 0;
        foreach (var h in histories)
        {
            gapSum += h.LastPurchaseDay - h.PurchaseDays[0];
            gapCount += h.PurchaseDays.Length - 1;
        }

        var estateGap = gapCount > 0 ? gapSum / gapCount : 365.0;
        var customers = new List<CustomerAnalytics>(histories.Count);
        var varietyBuffer = new Dictionary<string, double>(StringComparer.Ordinal);
        var shareBuffers = new ShareBuffers();
        for (var i = 0; i < histories.Count; i++)
        {
            var h = histories[i];
            var s = summaries[i];
            // The sum of the consecutive gaps telescopes to last − first.
            var customerGaps = h.PurchaseDays.Length - 1;
            var ownMeanGap = customerGaps > 0 ? (h.LastPurchaseDay - h.PurchaseDays[0]) / (double)customerGaps : 0;
            var pAlive = ruleAlive
                ? ModelSelection.RuleProbabilityAlive(options.AsOf.DayNumber - h.LastPurchaseDay, customerGaps > 0 ? ownMeanGap : null, medianGap)
                : lifetime.ProbabilityAlive(s.Frequency, s.Recency, s.T);
            var e90 = lifetime.ExpectedPurchases(s.Frequency, s.Recency, s.T, 90 / options.DaysPerUnit);
            var e365 = lifetime.ExpectedPurchases(s.Frequency, s.Recency, s.T, 365 / options.DaysPerUnit);
            var value = gg is null ? (s.MonetaryValue > 0 ? s.MonetaryValue : monetary[i] / Math.Max(1, orders[i])) : GammaGamma.ExpectedAverageValue(gg, s.Frequency, s.MonetaryValue);
            var clv = Clv12Months(lifetime, s, value, options);
            var gap = ((customerGaps * ownMeanGap) + (options.GapShrinkage * estateGap)) / (customerGaps + options.GapShrinkage);
            var last = DateOnly.FromDayNumber(h.LastPurchaseDay);
            var next = last.AddDays((int)Math.Round(gap));
            var since = options.AsOf.DayNumber - h.LastPurchaseDay;
            var isDue = since >= options.DueFrom * gap && since <= options.DueUntil * gap;
            var (entropy, varieties, kind, favourite) = Taste(h, products, varietyBuffer);
            var shares = products is null ? null : Shares(h.Lines, products, shareBuffers);
            var segment = Segments.Of(r[i], f[i], options.SegmentRules);
            customers.Add(new CustomerAnalytics(h.Id, (int)recency[i], h.Orders, Math.Round(monetary[i], 2), r[i], f[i], m[i], segment.Code,
                pAlive, e90, e365, value, clv, Math.Round(gap, 1), next, isDue, entropy, varieties, kind, favourite, shares));
        }

        var rules = options.SegmentRules ?? Segments.Default;
        var segments = rules.Select(rule =>
        {
            var members = customers.Where(c => c.Segment == rule.Code).ToList();
            return new SegmentSummary(rule.Code, rule.English, rule.French, members.Count, Math.Round(members.Sum(c => c.Monetary), 2), members.Count == 0 ? 0 : members.Average(c => c.ProbabilityAlive));
        }).ToList();
        return new AnalyticsResult(options.AsOf, bgnbd, gg, Math.Round(estateGap, 1), customers, segments, RepurchaseCycles(histories, products), lifetime, choice);
    }

    /// <summary>Expected purchases month by month over 12 months × expected order value, discounted monthly.</summary>
    private static double Clv12Months(LifetimeModel p, CustomerSummary s, double value, AnalyticsOptions options)
    {
        var clv = 0.0;
        var previous = 0.0;
        for (var month = 1; month <= 12; month++)
        {
            var cumulative = p.ExpectedPurchases(s.Frequency, s.Recency, s.T, month * 365.0 / 12 / options.DaysPerUnit);
            clv += (cumulative - previous) * value / Math.Pow(1 + options.AnnualDiscountRate, month / 12.0);
            previous = cumulative;
        }

        return Math.Round(clv, 2);
    }

    /// <summary>Shannon entropy of bottle shares over varieties, their count, and explorer/loyalist.</summary>
    private static (double Entropy, int Count, string Kind, string? Favourite) Taste(CustomerHistory history, IReadOnlyDictionary<string, ProductAttributes>? products, Dictionary<string, double> bottles)
    {
        // Varieties in order of first purchase (a tie for the favourite goes to the first bought).
        bottles.Clear();
        foreach (var t in history.Lines)
        {
            if (t.Quantity > 0)
            {
                var variety = Family(t, products, sparklingAsCremant: true);
                bottles[variety] = bottles.GetValueOrDefault(variety) + t.Quantity;
            }
        }

        double total = 0;
        var count = 0;
        (string Variety, double Bottles) top = default;
        foreach (var (variety, quantity) in bottles)
        {
            if (quantity > 0)
            {
                total += quantity;
                count++;
                if (top.Variety is null || quantity > top.Bottles)
                {
                    top = (variety, quantity);
                }
            }
        }

        if (total <= 0)
        {
            return (0, 0, "unknown", null);
        }

        double entropy = 0;
        foreach (var quantity in bottles.Values)
        {
            if (quantity > 0)
            {
                entropy -= quantity / total * Math.Log(quantity / total);
            }
        }

        var kind = history.Orders < 2 ? "unknown"
            : top.Bottles / total >= 0.6 ? "loyalist"
            : count >= 3 && entropy >= 0.6 * Math.Log(count) ? "explorer"
            : "balanced";
        return (Math.Round(entropy, 4), count, kind, top.Variety);
    }

    /// <summary>The family a line counts toward: the catalogue's variety, else (Crémant for sparkling in taste
    /// profiles, or) the product itself.</summary>
    private static string Family(Transaction line, IReadOnlyDictionary<string, ProductAttributes>? products, bool sparklingAsCremant) =>
        products is not null && products.TryGetValue(line.ProductId, out var a)
            ? (sparklingAsCremant ? WineFamily.Of(a.Variety, a.Sparkling) ?? "?" : a.Variety ?? line.ProductId)
            : line.ProductId;

    /// <summary>The shares of a customer's bought lines. One pass accumulates every measure per key in order of
    /// first appearance (what the GroupBy it replaces gave: same keys, same order, same sums in the same order);
    /// the LINQ version cost more than the rest of the run at 100k customers with a catalogue.</summary>
    private static TasteShares Shares(List<Transaction> lines, IReadOnlyDictionary<string, ProductAttributes> products, ShareBuffers buffers)
    {
        buffers.Clear();
        double bottles = 0, spend = 0;
        foreach (var t in lines)
        {
            if (t.Quantity <= 0)
            {
                continue;
            }

            var p = products.GetValueOrDefault(t.ProductId);
            var variety = WineFamily.Of(p?.Variety, p?.Sparkling == true) ?? "?";
            bottles += t.Quantity;
            spend += t.Amount;
            Add(buffers.BottlesByVariety, variety, t.Quantity);
            Add(buffers.SpendByVariety, variety, t.Amount);
            Add(buffers.BottlesByColour, p?.Colour ?? "?", t.Quantity);
            Add(buffers.BottlesByStyle, p is null ? "?" : p.Sparkling ? "sparkling" : p.LateHarvest ? "late_harvest" : p.GrandCru ? "grand_cru" : "other", t.Quantity);
            Add(buffers.SpendByPriceBand, p?.PriceBand ?? "?", t.Amount);
        }

        return new TasteShares(
            Share(buffers.BottlesByVariety, bottles),
            Share(buffers.SpendByVariety, spend),
            Share(buffers.BottlesByColour, bottles),
            Share(buffers.BottlesByStyle, bottles),
            Share(buffers.SpendByPriceBand, spend));

        static void Add(Dictionary<string, double> sums, string key, double value) =>
            CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _) += value;

        static Dictionary<string, double> Share(Dictionary<string, double> sums, double total)
        {
            var shares = new Dictionary<string, double>(total <= 0 ? 0 : sums.Count, StringComparer.Ordinal);
            if (total > 0)
            {
                foreach (var (key, sum) in sums)
                {
                    shares[key] = Math.Round(sum / total, 4);
                }
            }

            return shares;
        }
    }

    /// <summary>Per-key sums reused from one customer to the next (cleared, so insertion order restarts).</summary>
    private sealed class ShareBuffers
    {
        public Dictionary<string, double> BottlesByVariety { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> SpendByVariety { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> BottlesByColour { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> BottlesByStyle { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> SpendByPriceBand { get; } = new(StringComparer.Ordinal);

        public void Clear()
        {
            BottlesByVariety.Clear();
            SpendByVariety.Clear();
            BottlesByColour.Clear();
            BottlesByStyle.Clear();
            SpendByPriceBand.Clear();
        }
    }

    private static List<RepurchaseCycle> RepurchaseCycles(List<CustomerHistory> histories, IReadOnlyDictionary<string, ProductAttributes>? products)
    {
        // Families numbered in order of first appearance; per customer, (family, day) pairs sorted so that each
        // family's distinct days are consecutive: no grouping allocations per customer.
        var familyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var gapsByFamily = new List<List<int>>();
        var pairs = new List<long>();
        foreach (var history in histories)
        {
            pairs.Clear();
            foreach (var t in history.Lines)
            {
                if (t.Quantity > 0)
                {
                    var family = Family(t, products, sparklingAsCremant: false);
                    if (!familyIndex.TryGetValue(family, out var index))
                    {
                        familyIndex[family] = index = gapsByFamily.Count;
                        gapsByFamily.Add([]);
                    }

                    pairs.Add(((long)index << 32) | (uint)t.Date.DayNumber);
                }
            }

            pairs.Sort();
            for (var i = 1; i < pairs.Count; i++)
            {
                if (pairs[i] >> 32 == pairs[i - 1] >> 32 && pairs[i] != pairs[i - 1])
                {
                    gapsByFamily[(int)(pairs[i] >> 32)].Add((int)(pairs[i] - pairs[i - 1]));
                }
            }
        }

        return familyIndex.Where(kv => gapsByFamily[kv.Value].Count > 0)
            .Select(kv => new RepurchaseCycle(kv.Key, gapsByFamily[kv.Value].Count, Median(gapsByFamily[kv.Value])))
            .OrderByDescending(c => c.Repeats).ToList();
    }

    private static double Median(List<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
    }
}
