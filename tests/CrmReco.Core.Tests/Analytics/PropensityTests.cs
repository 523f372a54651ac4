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
        var folder = Path.Combine(Path.GetTempPath(), "crmreco-propensity", Guid.NewGuid().ToString("N"));
        var csv = Path.Combine(folder, "transactions.csv");
        await EstateGenerator.GenerateAsync(new GeneratorOptions(Customers: 3000, Years: 4, Seed: 21, Messy: false, TransactionsPath: csv), folder);
        var transactions = TransactionsCsv.Load(csv);
        var asOf = transactions.Max(t => t.Date);

        var first = Propensity.Run(transactions, asOf);
        var second = Propensity.Run(transactions, asOf);

        Assert.True(first.ModelAuc > 0.6, $"model AUC {first.ModelAuc:0.000}");
        Assert.True(first.BgNbdAuc > 0.6, $"BG/NBD AUC {first.BgNbdAuc:0.000}");
        Assert.Equal(first.Scores, second.Scores);
        Assert.All(first.Scores.Values, p => Assert.InRange(p, 0, 1));
    }

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
