using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>Gamma-Gamma spend parameters (Fader, Hardie &amp; Lee 2005b; Hardie's note 025).</summary>
public sealed record GammaGammaParameters(double P, double Q, double Gamma, double LogLikelihood);

/// <summary>The Gamma-Gamma model of the average order value, fitted on customers with repeat purchases.</summary>
public static class GammaGamma
{
    public static double LogLikelihood(double p, double q, double gamma, int x, double mx) =>
        SpecialFunctions.GammaLn((p * x) + q) - SpecialFunctions.GammaLn(p * x) - SpecialFunctions.GammaLn(q)
        + (q * Math.Log(gamma)) + (((p * x) - 1) * Math.Log(mx)) + (p * x * Math.Log(x)) - (((p * x) + q) * Math.Log(gamma + (mx * x)));

    /// <summary>Fits on the customers with x &gt; 0 and a positive mean value (others carry no spend information)
    /// by BFGS on log-parameters with the analytic gradient, from three starting points; customers sharing
    /// (x, m_x) are counted once with a weight. As for BG/NBD, the starting points are compared on an evenly
    /// spaced sample of at most <see cref="CustomerSummaries.SearchSample"/> repeat buyers.</summary>
    public static GammaGammaParameters Fit(IReadOnlyList<CustomerSummary> customers)
    {
        var likelihood = GammaGammaLikelihood.From(customers);
        var usable = customers.Where(c => c.Frequency > 0 && c.MonetaryValue > 0).ToList();
        var search = usable.Count > CustomerSummaries.SearchSample ? GammaGammaLikelihood.From(CustomerSummaries.EvenSample(usable)) : likelihood;
        var mean = likelihood.MeanValue;
        double[][] starts = [[0, 0, Math.Log(mean)], [Math.Log(5), Math.Log(3), Math.Log(mean)], [Math.Log(1), Math.Log(10), Math.Log(mean * 5)]];
        (double[] Point, double LogLikelihood)? best = null;
        foreach (var start in starts)
        {
            var candidate = FitFrom(search, start);
            if (double.IsFinite(candidate.LogLikelihood) && (best is null || candidate.LogLikelihood > best.Value.LogLikelihood))
            {
                best = candidate;
            }
        }

        if (best is not null && !ReferenceEquals(search, likelihood))
        {
            best = FitFrom(likelihood, best.Value.Point);
        }

        return best is { } found && double.IsFinite(found.LogLikelihood)
            ? new GammaGammaParameters(Math.Exp(found.Point[0]), Math.Exp(found.Point[1]), Math.Exp(found.Point[2]), found.LogLikelihood)
            : throw new InvalidOperationException("Gamma-Gamma did not converge from any starting point.");
    }

    private static (double[] Point, double LogLikelihood) FitFrom(GammaGammaLikelihood likelihood, double[] start)
    {
        var result = QuasiNewton.Minimize(
            (theta, gradient) =>
            {
                var ll = likelihood.Evaluate(theta, gradient);
                for (var i = 0; i < 3; i++)
                {
                    gradient[i] = -gradient[i];
                }

                return double.IsNaN(ll) ? double.PositiveInfinity : -ll;
            },
            start);
        return (result.Point, likelihood.Evaluate(result.Point, []));
    }

    /// <summary>E[M | p, q, γ, m_x, x]: the expected average order value, shrunk toward the population mean
    /// the fewer orders the customer has.</summary>
    public static double ExpectedAverageValue(GammaGammaParameters p, int x, double mx)
    {
        ArgumentNullException.ThrowIfNull(p);
        return x == 0 || mx <= 0
            ? p.P * p.Gamma / (p.Q - 1)
            : (p.Gamma + (mx * x)) * p.P / ((p.P * x) + p.Q - 1);
    }
}
