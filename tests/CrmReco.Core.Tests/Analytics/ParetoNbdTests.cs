using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.Analytics;

/// <summary>Pareto/NBD against Fader &amp; Hardie's CDNOW estimates (their MATLAB note; the reference of
/// <c>lifetimes</c> and BTYD) and against an independent evaluation (mpmath, 20 digits) of the same formulas.</summary>
public sealed class ParetoNbdTests
{
    private static readonly ParetoNbdParameters Published = new(0.553, 10.578, 0.606, 11.669, -9594.98);

    private static void AssertWithin(double expected, double actual, double relative, string name) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Abs(expected) * relative, $"{name}: expected {expected} ± {relative:P1}, got {actual}");

    [Fact]
    public void Fit_CdnowSummary_MatchesThePublishedParameters()
    {
        var fit = ParetoNbd.Fit(CdnowTests.ReadSummary("cdnow_customers_summary.csv"));
        AssertWithin(Published.R, fit.R, 0.01, "r");
        AssertWithin(Published.Alpha, fit.Alpha, 0.01, "alpha");
        AssertWithin(Published.S, fit.S, 0.01, "s");
        AssertWithin(Published.Beta, fit.Beta, 0.01, "beta");
        // Fader & Hardie: LL = −9595.0 at the optimum.
        Assert.Equal(-9594.98, fit.LogLikelihood, 1);
    }

    [Fact]
    public void Fit_CdnowTransactions_MatchesThePublishedParameters()
    {
        var transactions = TransactionsCsv.Load(SharedData.Path("cdnow", "cdnow_sample_transactions.csv"));
        var fit = ParetoNbd.Fit(CustomerSummaries.FromTransactions(transactions, new DateOnly(1997, 9, 30), 7));
        AssertWithin(Published.R, fit.R, 0.01, "r");
        AssertWithin(Published.Beta, fit.Beta, 0.01, "beta");
    }

    [Fact]
    public void LogLikelihood_AtThePublishedParameters_MatchesAnIndependentEvaluation() =>
        Assert.Equal(-9594.97401, ParetoNbd.LogLikelihood(Published, CdnowTests.ReadSummary("cdnow_customers_summary.csv")), 4);

    [Theory]
    // Both branches of A₀ (α ≥ β and α < β) and parameters far apart, where the plain series would diverge.
    [InlineData(0.553, 10.578, 0.606, 11.669, 2, 30.43, 38.86)]
    [InlineData(0.553, 11.669, 0.606, 10.578, 5, 12.0, 38.86)]
    [InlineData(0.8, 0.05, 1.3, 400, 3, 4.0, 60)]
    [InlineData(0.8, 400, 1.3, 0.05, 1, 2.0, 60)]
    [InlineData(2.0, 3.0, 0.4, 1e4, 0, 0, 250)]
    public void LogLikelihood_OneCustomer_EqualsTheIntegralForm(double r, double alpha, double s, double beta, int x, double tx, double t)
    {
        // L = Γ(r+x)α^r β^s / Γ(r) · [(α+T)^−(r+x) (β+T)^−s + s ∫ from t_x to T of (α+y)^−(r+x) (β+y)^−(s+1) dy]
        // (the derivation before any ₂F₁), the integral by Simpson's rule.
        const int n = 200_000;
        var h = (t - tx) / n;
        double F(double y) => Math.Pow(alpha + y, -(r + x)) * Math.Pow(beta + y, -(s + 1));
        var integral = F(tx) + F(t);
        for (var i = 1; i < n; i++)
        {
            integral += (i % 2 == 1 ? 4 : 2) * F(tx + (i * h));
        }

        integral *= h / 3;
        var expected = MathNet.Numerics.SpecialFunctions.GammaLn(r + x) - MathNet.Numerics.SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta))
            + Math.Log((Math.Pow(alpha + t, -(r + x)) * Math.Pow(beta + t, -s)) + (s * integral));
        // 10⁻⁷: the last case has an integer c − a − b and an argument near 1 (₂F₁ interpolated, ≈ 10⁻⁸ relative).
        Assert.Equal(expected, ParetoNbd.LogLikelihood(r, alpha, s, beta, x, tx, t), 7);
    }

    [Fact]
    public void ProbabilityAliveAndExpectedPurchases_PublishedCustomer_MatchAnIndependentEvaluation()
    {
        Assert.Equal(0.86916755915301, ParetoNbd.ProbabilityAlive(Published, 2, 30.43, 38.86), 10);
        Assert.Equal(1.45512319325760, ParetoNbd.ExpectedPurchases(Published, 2, 30.43, 38.86, 39), 10);
    }

    [Fact]
    public void ProbabilityAlive_SingleBuyer_FallsWithTheTimeSinceTheOnlyPurchase()
    {
        Assert.Equal(0.64281155234932, ParetoNbd.ProbabilityAlive(Published, 0, 0, 10), 10);
        Assert.Equal(0.35725274810969, ParetoNbd.ProbabilityAlive(Published, 0, 0, 30), 10);
        Assert.Equal(0.20606187260278, ParetoNbd.ProbabilityAlive(Published, 0, 0, 60), 10);
        Assert.True(ParetoNbd.ExpectedPurchases(Published, 0, 0, 60, 52) < ParetoNbd.ExpectedPurchases(Published, 0, 0, 10, 52));
    }

    [Fact]
    public void ExpectedPurchases_AtSEqualOne_IsTheLimitOfItsNeighbours()
    {
        var at = ParetoNbd.ExpectedPurchases(Published with { S = 1 }, 3, 20, 40, 52);
        var below = ParetoNbd.ExpectedPurchases(Published with { S = 1 - 1e-7 }, 3, 20, 40, 52);
        var above = ParetoNbd.ExpectedPurchases(Published with { S = 1 + 1e-7 }, 3, 20, 40, 52);
        Assert.Equal(below, at, 6);
        Assert.Equal(above, at, 6);
    }
}
