using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.Analytics;

/// <summary>BG/NBD and Gamma-Gamma against the published CDNOW figures (Fader, Hardie &amp; Lee 2005; Hardie's notes).</summary>
public sealed class CdnowTests
{
    private static readonly BgNbdParameters Published = new(0.243, 4.414, 0.793, 2.426, -9582.4);

    internal static List<CustomerSummary> ReadSummary(string file)
    {
        var lines = File.ReadAllLines(SharedData.Path("cdnow", file));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        double Num(string[] f, string name) => Col(name) < 0 ? 0 : double.Parse(f[Col(name)], CultureInfo.InvariantCulture);
        return lines.Skip(1).Select(l => l.Split(',')).Select(f =>
            new CustomerSummary(f[Col("ID")], (int)Num(f, "frequency"), Num(f, "recency"), Num(f, "T"), Num(f, "monetary_value"))).ToList();
    }

    private static void AssertWithin(double expected, double actual, double relative, string name) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Abs(expected) * relative, $"{name}: expected {expected} ± {relative:P1}, got {actual}");

    private static void AssertPublished(BgNbdParameters fit)
    {
        AssertWithin(Published.R, fit.R, 0.01, "r");
        AssertWithin(Published.Alpha, fit.Alpha, 0.01, "alpha");
        AssertWithin(Published.A, fit.A, 0.01, "a");
        AssertWithin(Published.B, fit.B, 0.01, "b");
        AssertWithin(Published.LogLikelihood, fit.LogLikelihood, 0.01, "log-likelihood");
    }

    [Fact]
    public void Fit_CdnowSummary_MatchesThePublishedParameters() => AssertPublished(BgNbd.Fit(ReadSummary("cdnow_customers_summary.csv")));

    [Fact]
    public void Summaries_FromCdnowTransactions_ReproduceThePublishedSummaryExactly()
    {
        var transactions = TransactionsCsv.Load(SharedData.Path("cdnow", "cdnow_sample_transactions.csv"));
        var computed = CustomerSummaries.FromTransactions(transactions, new DateOnly(1997, 9, 30), 7).ToDictionary(c => c.CustomerId);
        var published = ReadSummary("cdnow_summary_monetary.csv");
        Assert.Equal(published.Count, computed.Count);
        foreach (var p in published)
        {
            var c = computed[p.CustomerId];
            Assert.Equal(p.Frequency, c.Frequency);
            // The published file is rounded to 2 decimals.
            Assert.True(Math.Abs(p.Recency - c.Recency) <= 0.0051, $"{p.CustomerId} recency {c.Recency} vs {p.Recency}");
            Assert.True(Math.Abs(p.T - c.T) <= 0.0051, $"{p.CustomerId} T {c.T} vs {p.T}");
            Assert.True(Math.Abs(p.MonetaryValue - c.MonetaryValue) <= 0.0051, $"{p.CustomerId} monetary {c.MonetaryValue} vs {p.MonetaryValue}");
        }
    }

    [Fact]
    public void Fit_CdnowTransactions_MatchesThePublishedParameters()
    {
        var transactions = TransactionsCsv.Load(SharedData.Path("cdnow", "cdnow_sample_transactions.csv"));
        AssertPublished(BgNbd.Fit(CustomerSummaries.FromTransactions(transactions, new DateOnly(1997, 9, 30), 7)));
    }

    [Fact]
    public void LogLikelihood_AtThePublishedOptimum_IsThePublishedValue() =>
        Assert.Equal(-9582.4, BgNbd.LogLikelihood(Published, ReadSummary("cdnow_customers_summary.csv")), 0);

    [Fact]
    public void ExpectedPurchases_PublishedCustomer_Is1Point226()
    {
        // FHL 2005: x = 2, t_x = 30.43, T = 38.86, next 39 weeks.
        Assert.Equal(1.226, BgNbd.ExpectedPurchases(Published, 2, 30.43, 38.86, 39), 3);
    }

    [Fact]
    public void ProbabilityNoRepeat_In39Weeks_MatchesHardiesSpreadsheet() =>
        Assert.Equal(0.5737864, BgNbd.ProbabilityNoRepeat(Published, 39), 6);

    [Fact]
    public void ProbabilityAlive_ByHand_MatchesTheClosedForm()
    {
        // 1 / (1 + a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)), computed independently.
        var expected = 1 / (1 + (0.793 / (2.426 + 2 - 1) * Math.Pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2)));
        Assert.Equal(expected, BgNbd.ProbabilityAlive(Published, 2, 30.43, 38.86), 12);
        Assert.Equal(1.0, BgNbd.ProbabilityAlive(Published, 0, 0, 38.86));
    }

    [Fact]
    public void Hypergeometric2F1_KnownValues()
    {
        Assert.Equal(-Math.Log(1 - 0.5) / 0.5, BgNbd.Hypergeometric2F1(1, 1, 2, 0.5), 12); // 2F1(1,1;2;z) = -ln(1-z)/z
        Assert.Equal(Math.Pow(1 - 0.3, -2.5), BgNbd.Hypergeometric2F1(2.5, 7, 7, 0.3), 12); // 2F1(a,b;b;z) = (1-z)^-a
    }

    [Fact]
    public void Fit_FromAPoorStartingPoint_StillReachesTheOptimum()
    {
        var customers = ReadSummary("cdnow_customers_summary.csv");
        var fromPoor = BgNbd.FitFrom(BgNbdLikelihood.From(customers), [Math.Log(5), Math.Log(0.1), Math.Log(20), Math.Log(0.05)]);
        var ll = BgNbd.LogLikelihood(fromPoor, customers);
        AssertWithin(Published.LogLikelihood, ll, 0.001, "log-likelihood from a poor start");
    }

    [Fact]
    public void GammaGamma_CdnowMonetary_MatchesPublishedParametersAndExpectations()
    {
        var customers = ReadSummary("cdnow_summary_monetary.csv");
        var fit = GammaGamma.Fit(customers);
        AssertWithin(6.25, fit.P, 0.01, "p");
        AssertWithin(3.74, fit.Q, 0.01, "q");
        AssertWithin(15.44, fit.Gamma, 0.01, "gamma");
        Assert.Equal(946, customers.Count(c => c.Frequency > 0));
        double[] expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        for (var i = 0; i < expected.Length; i++)
        {
            var actual = GammaGamma.ExpectedAverageValue(fit, customers[i].Frequency, customers[i].MonetaryValue);
            Assert.True(Math.Abs(expected[i] - actual) <= 0.01, $"customer {i + 1}: expected {expected[i]}, got {actual}");
        }
    }
}
