using CrmReco.Core.Analytics;

namespace CrmReco.Core.Tests.Analytics;

/// <summary>MBG/NBD against the <c>lifetimes</c> library's CDNOW reference values and an independent evaluation
/// (mpmath, 20 digits) of the same formulas.</summary>
public sealed class MbgNbdTests
{
    private static readonly MbgNbdParameters Reference = new(0.525, 6.183, 0.891, 1.614, double.NaN);

    private static void AssertWithin(double expected, double actual, double relative, string name) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Abs(expected) * relative, $"{name}: expected {expected} ± {relative:P1}, got {actual}");

    [Fact]
    public void Fit_CdnowSummary_MatchesTheReferenceParameters()
    {
        var customers = CdnowTests.ReadSummary("cdnow_customers_summary.csv");
        var fit = MbgNbd.Fit(customers);
        AssertWithin(Reference.R, fit.R, 0.01, "r");
        AssertWithin(Reference.Alpha, fit.Alpha, 0.01, "alpha");
        AssertWithin(Reference.A, fit.A, 0.01, "a");
        AssertWithin(Reference.B, fit.B, 0.01, "b");
        Assert.True(fit.LogLikelihood >= MbgNbd.LogLikelihood(Reference, customers) - 1e-6, $"LL {fit.LogLikelihood} below the reference point's");
        Assert.Equal(-9582.13, fit.LogLikelihood, 1);
    }

    [Fact]
    public void LogLikelihood_AtTheReferenceParameters_MatchesAnIndependentEvaluation() =>
        Assert.Equal(-9582.13279528725, MbgNbd.LogLikelihood(Reference, CdnowTests.ReadSummary("cdnow_customers_summary.csv")), 6);

    [Fact]
    public void ExpectedPurchases_PublishedCustomer_MatchesAnIndependentEvaluation() =>
        Assert.Equal(1.26296062326737, MbgNbd.ExpectedPurchases(Reference, 2, 30.43, 38.86, 39), 10);

    [Fact]
    public void ProbabilityAlive_SingleBuyer_FallsWithTimeWhereBgNbdStaysAtOne()
    {
        var bg = new BgNbdParameters(0.243, 4.414, 0.793, 2.426, double.NaN);
        double[] times = [5, 20, 40, 80];
        var mbg = times.Select(t => MbgNbd.ProbabilityAlive(Reference, 0, 0, t)).ToList();
        for (var i = 1; i < mbg.Count; i++)
        {
            Assert.True(mbg[i] < mbg[i - 1], $"MBG/NBD P(alive) at T={times[i]}: {mbg[i]} not below {mbg[i - 1]}");
        }

        // 1 / (1 + a/b · ((α+T)/α)^r) at T = 40, by hand.
        Assert.Equal(1 / (1 + (0.891 / 1.614 * Math.Pow((6.183 + 40) / 6.183, 0.525))), mbg[2], 12);
        Assert.All(times, t => Assert.Equal(1.0, BgNbd.ProbabilityAlive(bg, 0, 0, t)));
    }
}
