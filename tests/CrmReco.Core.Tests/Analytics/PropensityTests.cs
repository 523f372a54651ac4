using CrmReco.Core.Analytics;
using CrmReco.Core.Generation;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.Analytics;

public sealed class PropensityTests
{
    [Fact]
    public void Auc_HandCases_MatchTheDefinition()
    {
        Assert.Equal(1.0, Propensity.Auc([false, false, true, true], [0.1, 0.2, 0.8, 0.9]));
        Assert.Equal(0.0, Propensity.Auc([true, true, false, false], [0.1, 0.2, 0.8, 0.9]));
        Assert.Equal(0.5, Propensity.Auc([true, false], [0.5, 0.5]));
        Assert.Equal(0.75, Propensity.Auc([false, true, false, true], [0.1, 0.2, 0.3, 0.4]));
    }

    [Fact]
    public async Task Run_GeneratedEstate_BeatsChanceAndIsDeterministic()
    {
        var transactions = await GeneratedTransactionsAsync(customers: 3000, years: 4, seed: 21);
        var asOf = transactions.Max(t => t.Date);

        var first = Propensity.Run(transactions, asOf);
        var second = Propensity.Run(transactions, asOf);

        Assert.True(first.ModelAuc > 0.6, $"model AUC {first.ModelAuc:0.000}");
        Assert.True(first.BgNbdAuc > 0.6, $"BG/NBD AUC {first.BgNbdAuc:0.000}");
        Assert.Equal(first.Scores, second.Scores);
        Assert.All(first.Scores.Values, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public async Task Examples_SampledRows_EqualTheFullBuildAndTheLineByLineFeatures()
    {
        var transactions = await GeneratedTransactionsAsync(customers: 1500, years: 3, seed: 5);
        var asOf = transactions.Max(t => t.Date);
        var features = PropensityFeatures.From(transactions, asOf);
        var cutoffs = new[] { 90, 180, 270, 360 }.Select(d => features.At(asOf.AddDays(-d))).ToArray();

        var full = cutoffs.SelectMany(c => features.Examples(c, labelled: true)).ToList();
        var rows = Propensity.SampleIndices(full.Count, 400, seed: 42);
        var sampled = features.Examples(cutoffs, rows, labelled: true);

        Assert.Equal(400, sampled.Length);
        Assert.Equal(rows.Select(i => Fields(full[i])), sampled.Select(Fields));
        Assert.Contains(sampled, e => e.Label);
        Assert.Contains(sampled, e => !e.Label);
        Assert.Contains(sampled, e => e.Orders > 1);

        // The same rows computed the way they used to be: each customer's bought lines before the cutoff,
        // reduced on their own.
        var bought = CustomerHistory.GroupByCustomer(transactions.Where(t => t.Quantity > 0), asOf);
        var offsets = cutoffs.Select((c, k) => cutoffs.Take(k).Sum(p => p.Rows)).ToArray();
        foreach (var (row, example) in rows.Zip(sampled))
        {
            var k = Array.FindLastIndex(offsets, o => o <= row);
            Assert.Equal(Fields(LineByLine(bought[example.CustomerId], cutoffs[k])), Fields(example));
        }
    }

    private static async Task<List<Transaction>> GeneratedTransactionsAsync(int customers, int years, int seed)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crmreco-propensity", Guid.NewGuid().ToString("N"));
        var csv = Path.Combine(folder, "transactions.csv");
        await EstateGenerator.GenerateAsync(new GeneratorOptions(Customers: customers, Years: years, Seed: seed, Messy: false, TransactionsPath: csv), folder);
        return TransactionsCsv.Load(csv);
    }

    /// <summary>The features of one customer at a cutoff from their lines, as the propensity built them before
    /// the running totals (a CustomerHistory over the lines on or before the cutoff).</summary>
    private static Propensity.Example LineByLine(List<Transaction> lines, PropensityFeatures.Cutoff cutoff)
    {
        var sorted = lines.OrderBy(t => t.Date).ToList();
        var known = sorted.FindAll(t => t.Date <= cutoff.Date);
        var h = CustomerHistory.From(sorted[0].CustomerId, known, new HashSet<string>(StringComparer.Ordinal))!;
        var s = h.Summary(cutoff.Date, 7);
        var days = h.PurchaseDays;
        var gap = days.Length > 1 ? (days[^1] - days[0]) / (double)(days.Length - 1) : 365;
        return new Propensity.Example
        {
            CustomerId = s.CustomerId,
            RecencyDays = cutoff.Date.DayNumber - days[^1],
            Orders = h.Orders,
            Monetary = (float)h.Monetary,
            TenureDays = cutoff.Date.DayNumber - days[0],
            PAlive = (float)BgNbd.ProbabilityAlive(cutoff.BgNbd!, s.Frequency, s.Recency, s.T),
            Expected90 = (float)BgNbd.ExpectedPurchases(cutoff.BgNbd!, s.Frequency, s.Recency, s.T, 90 / 7.0),
            RecencyOverGap = (float)((cutoff.Date.DayNumber - days[^1]) / Math.Max(gap, 1)),
            Products = known.Select(t => t.ProductId).Distinct(StringComparer.Ordinal).Count(),
            Label = sorted.Count > known.Count && sorted[known.Count].Date <= cutoff.Date.AddDays(90),
        };
    }

    private static (string, float, float, float, float, float, float, float, float, bool) Fields(Propensity.Example e) =>
        (e.CustomerId, e.RecencyDays, e.Orders, e.Monetary, e.TenureDays, e.PAlive, e.Expected90, e.RecencyOverGap, e.Products, e.Label);

    [Fact]
    public void Sample_AboveTheCap_IsASeededSubsetInOriginalOrder()
    {
        var examples = Enumerable.Range(0, 1000).Select(i => new Propensity.Example { CustomerId = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) }).ToList();

        var first = Propensity.Sample(examples, 100, seed: 42);
        var again = Propensity.Sample(examples, 100, seed: 42);
        var other = Propensity.Sample(examples, 100, seed: 43);

        Assert.Equal(100, first.Count);
        Assert.Equal(100, first.Select(e => e.CustomerId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(first.Select(e => e.CustomerId).Order(StringComparer.Ordinal), first.Select(e => e.CustomerId));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Same(examples, Propensity.Sample(examples, 1000, seed: 42));
    }
}
