using CrmReco.Core.Analytics;

namespace CrmReco.Core.Tests.Analytics;

/// <summary>The grouped likelihoods the fits optimise: same value as the per-customer formulas, and analytic
/// gradients equal to central finite differences.</summary>
public sealed class LikelihoodTests
{
    private static readonly double[][] BgNbdPoints =
    [
        [Math.Log(0.243), Math.Log(4.414), Math.Log(0.793), Math.Log(2.426)], // the CDNOW optimum: gradient ≈ 0 there
        [Math.Log(1.7), Math.Log(0.6), Math.Log(3.1), Math.Log(0.4)],
        [Math.Log(0.05), Math.Log(40), Math.Log(0.2), Math.Log(12)],
    ];

    [Fact]
    public void BgNbdLikelihood_GroupedCdnow_EqualsTheSumOverCustomers()
    {
        var customers = CdnowTests.ReadSummary("cdnow_customers_summary.csv");
        var grouped = BgNbdLikelihood.From(customers);
        Assert.True(grouped.Groups < customers.Count, $"{grouped.Groups} groups for {customers.Count} customers");
        foreach (var v in BgNbdPoints)
        {
            var p = new BgNbdParameters(Math.Exp(v[0]), Math.Exp(v[1]), Math.Exp(v[2]), Math.Exp(v[3]), 0);
            var ungrouped = BgNbd.LogLikelihood(p, customers);
            Assert.Equal(ungrouped, grouped.LogLikelihood(p.R, p.Alpha, p.A, p.B), 1e-8 * Math.Abs(ungrouped));
        }
    }

    [Fact]
    public void BgNbdLikelihood_DuplicatedCustomers_CountTwice()
    {
        var customers = CdnowTests.ReadSummary("cdnow_customers_summary.csv");
        var once = BgNbdLikelihood.From(customers);
        var twice = BgNbdLikelihood.From([.. customers, .. customers]);
        Assert.Equal(once.Groups, twice.Groups);
        Assert.Equal(2 * once.LogLikelihood(0.5, 3, 0.9, 2), twice.LogLikelihood(0.5, 3, 0.9, 2), 1e-6);
    }

    [Fact]
    public void BgNbdLikelihood_AnalyticGradient_EqualsFiniteDifferences()
    {
        var likelihood = BgNbdLikelihood.From(CdnowTests.ReadSummary("cdnow_customers_summary.csv"));
        foreach (var v in BgNbdPoints)
        {
            AssertGradient(likelihood.Evaluate, v);
        }
    }

    [Fact]
    public void GammaGammaLikelihood_GroupedCdnow_EqualsTheSumOverCustomers()
    {
        var customers = CdnowTests.ReadSummary("cdnow_summary_monetary.csv");
        var grouped = GammaGammaLikelihood.From(customers);
        var ungrouped = customers.Where(c => c.Frequency > 0).Sum(c => GammaGamma.LogLikelihood(6.25, 3.74, 15.44, c.Frequency, c.MonetaryValue));
        Assert.Equal(ungrouped, grouped.Evaluate([Math.Log(6.25), Math.Log(3.74), Math.Log(15.44)], []), 1e-8 * Math.Abs(ungrouped));
    }

    [Fact]
    public void GammaGammaLikelihood_AnalyticGradient_EqualsFiniteDifferences()
    {
        var likelihood = GammaGammaLikelihood.From(CdnowTests.ReadSummary("cdnow_summary_monetary.csv"));
        AssertGradient(likelihood.Evaluate, [Math.Log(6.25), Math.Log(3.74), Math.Log(15.44)]);
        AssertGradient(likelihood.Evaluate, [Math.Log(0.8), Math.Log(12), Math.Log(2)]);
    }

    [Fact]
    public void ParetoNbdLikelihood_AnalyticGradient_EqualsFiniteDifferences()
    {
        var groups = SummaryGroups.From(CdnowTests.ReadSummary("cdnow_customers_summary.csv"));
        // The published optimum, both branches of α vs β, and toward the corner the fits probe on degenerate data
        // (r, α large, s small; further out the terms r ln α cancel and finite differences lose their digits).
        double[][] points =
        [
            [Math.Log(0.553), Math.Log(10.578), Math.Log(0.606), Math.Log(11.669)],
            [Math.Log(1.7), Math.Log(0.6), Math.Log(3.1), Math.Log(40)],
            [Math.Log(0.05), Math.Log(40), Math.Log(0.2), Math.Log(0.5)],
            [Math.Log(50), Math.Log(800), Math.Log(1e-3), Math.Log(500)],
        ];
        foreach (var v in points)
        {
            AssertGradient((theta, gradient) => ParetoNbd.GroupLogLikelihood(groups, theta, gradient), v);
        }
    }

    [Fact]
    public void ParetoNbdLikelihood_Grouped_EqualsTheSumOverCustomers()
    {
        var customers = CdnowTests.ReadSummary("cdnow_customers_summary.csv");
        var ungrouped = customers.Sum(c => ParetoNbd.LogLikelihood(0.553, 10.578, 0.606, 11.669, c.Frequency, c.Recency, c.T));
        double[] theta = [Math.Log(0.553), Math.Log(10.578), Math.Log(0.606), Math.Log(11.669)];
        Assert.Equal(ungrouped, ParetoNbd.GroupLogLikelihood(SummaryGroups.From(customers), theta, []), 1e-8 * Math.Abs(ungrouped));
    }

    [Fact]
    public void MbgNbdLikelihood_AnalyticGradient_EqualsFiniteDifferences()
    {
        var groups = SummaryGroups.From(CdnowTests.ReadSummary("cdnow_customers_summary.csv"));
        AssertGradient((theta, gradient) => MbgNbd.GroupLogLikelihood(groups, theta, gradient), [Math.Log(0.525), Math.Log(6.183), Math.Log(0.891), Math.Log(1.614)]);
        foreach (var v in BgNbdPoints)
        {
            AssertGradient((theta, gradient) => MbgNbd.GroupLogLikelihood(groups, theta, gradient), v);
        }
    }

    private delegate double Evaluation(ReadOnlySpan<double> theta, Span<double> gradient);

    /// <summary>Central differences with step 1e-5 on log-parameters: truncation error ~1e-10 relative.</summary>
    private static void AssertGradient(Evaluation evaluate, double[] theta)
    {
        var analytic = new double[theta.Length];
        var value = evaluate(theta, analytic);
        for (var i = 0; i < theta.Length; i++)
        {
            const double h = 1e-5;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (evaluate(plus, []) - evaluate(minus, [])) / (2 * h);
            // Rounding in the difference of two values of size |LL| bounds what can be checked.
            var tolerance = (1e-6 * Math.Abs(numeric)) + (1e-9 * Math.Abs(value));
            Assert.True(Math.Abs(analytic[i] - numeric) <= tolerance, $"∂LL/∂θ{i} at [{string.Join(", ", theta)}]: analytic {analytic[i]}, numeric {numeric}");
        }
    }
}
