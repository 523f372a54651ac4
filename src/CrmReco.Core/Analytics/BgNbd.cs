using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>BG/NBD parameters (Fader, Hardie &amp; Lee 2005): purchase rate λ ~ Gamma(r, α) while alive,
/// dropout after each purchase with probability p ~ Beta(a, b).</summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B, double LogLikelihood);

/// <summary>
/// The BG/NBD model: maximum-likelihood fit and the per-customer quantities a marketer reads (probability
/// alive, expected purchases). Formulas and sources: docs/analytics.md.
/// </summary>
public static class BgNbd
{
    /// <summary>Log-likelihood of one customer (FHL 2005, eq. 6, in logs with log-sum-exp for stability).</summary>
    public static double LogLikelihood(double r, double alpha, double a, double b, int x, double tx, double t)
    {
        var a1 = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha));
        var a2 = SpecialFunctions.GammaLn(a + b) + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b + x);
        var a3 = -(r + x) * Math.Log(alpha + t);
        if (x == 0)
        {
            return a1 + a2 + a3;
        }

        var a4 = Math.Log(a) - Math.Log(b + x - 1) - ((r + x) * Math.Log(alpha + tx));
        var max = Math.Max(a3, a4);
        return a1 + a2 + max + Math.Log(Math.Exp(a3 - max) + Math.Exp(a4 - max));
    }

    public static double LogLikelihood(BgNbdParameters p, IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(customers);
        var sum = 0.0;
        foreach (var c in customers)
        {
            sum += LogLikelihood(p.R, p.Alpha, p.A, p.B, c.Frequency, c.Recency, c.T);
        }

        return sum;
    }

    /// <summary>Maximum likelihood on log-parameters by BFGS with the analytic gradient, from several starting
    /// points (the surface has poor local optima); the best log-likelihood wins. Customers sharing (x, t_x, T)
    /// are counted once with a weight, so each evaluation is O(distinct summaries). Above
    /// <see cref="CustomerSummaries.SearchSample"/> customers the starting points are compared on an evenly
    /// spaced sample and only the winner is refined on everyone.</summary>
    public static BgNbdParameters Fit(IReadOnlyList<CustomerSummary> customers)
    {
        var likelihood = BgNbdLikelihood.From(customers);
        var search = customers.Count > CustomerSummaries.SearchSample ? BgNbdLikelihood.From(CustomerSummaries.EvenSample(customers)) : likelihood;
        var meanT = Math.Max(likelihood.MeanT, 1e-3);
        double[][] starts =
        [
            [0, Math.Log(meanT), 0, 0],
            [Math.Log(0.5), Math.Log(meanT / 4), Math.Log(0.5), Math.Log(2)],
            [Math.Log(2), Math.Log(meanT * 2), Math.Log(2), Math.Log(5)],
            [Math.Log(0.1), 0, Math.Log(0.1), Math.Log(0.5)],
        ];
        BgNbdParameters? best = null;
        foreach (var start in starts)
        {
            var p = FitFrom(search, start);
            if (double.IsFinite(p.LogLikelihood) && (best is null || p.LogLikelihood > best.LogLikelihood))
            {
                best = p;
            }
        }

        if (best is not null && !ReferenceEquals(search, likelihood))
        {
            best = FitFrom(likelihood, [Math.Log(best.R), Math.Log(best.Alpha), Math.Log(best.A), Math.Log(best.B)]);
        }

        return best is not null && double.IsFinite(best.LogLikelihood) ? best : throw new InvalidOperationException("BG/NBD did not converge from any starting point.");
    }

    /// <summary>One BFGS run from <paramref name="start"/> = (ln r, ln α, ln a, ln b).</summary>
    internal static BgNbdParameters FitFrom(BgNbdLikelihood likelihood, double[] start)
    {
        var result = QuasiNewton.Minimize(
            (theta, gradient) =>
            {
                var ll = likelihood.Evaluate(theta, gradient);
                // A small ridge on log-parameters keeps the search away from degenerate corners (a → 0, b → ∞)
                // and gives a boundary optimum a finite stopping point.
                var penalty = 0.0;
                for (var i = 0; i < 4; i++)
                {
                    penalty += RidgeWeight * theta[i] * theta[i];
                    gradient[i] = -gradient[i] + (2 * RidgeWeight * theta[i]);
                }

                return double.IsNaN(ll) ? double.PositiveInfinity : -ll + penalty;
            },
            start);
        double r = Math.Exp(result.Point[0]), alpha = Math.Exp(result.Point[1]), a = Math.Exp(result.Point[2]), b = Math.Exp(result.Point[3]);
        return new BgNbdParameters(r, alpha, a, b, likelihood.LogLikelihood(r, alpha, a, b));
    }

    private const double RidgeWeight = 1e-6;

    /// <summary>P(alive | x, t_x, T) (FHL 2005, eq. 13).</summary>
    public static double ProbabilityAlive(BgNbdParameters p, int x, double tx, double t)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (x == 0)
        {
            return 1.0;
        }

        var ratio = Math.Exp((p.R + x) * (Math.Log(p.Alpha + t) - Math.Log(p.Alpha + tx)));
        return 1.0 / (1.0 + (p.A / (p.B + x - 1) * ratio));
    }

    /// <summary>E[X(t) | x, t_x, T]: expected purchases in the next <paramref name="horizon"/> units (FHL 2005, eq. 10).</summary>
    public static double ExpectedPurchases(BgNbdParameters p, int x, double tx, double t, double horizon)
    {
        ArgumentNullException.ThrowIfNull(p);
        var first = (p.A + p.B + x - 1) / (p.A - 1);
        var z = horizon / (p.Alpha + t + horizon);
        var second = 1 - (Math.Exp((p.R + x) * Math.Log((p.Alpha + t) / (p.Alpha + t + horizon))) * Hypergeometric2F1(p.R + x, p.B + x, p.A + p.B + x - 1, z));
        var third = x > 0 ? 1 + (p.A / (p.B + x - 1) * Math.Exp((p.R + x) * Math.Log((p.Alpha + t) / (p.Alpha + tx)))) : 1;
        return first * second / third;
    }

    /// <summary>P(X(t) = 0) for a customer just acquired: no repeat purchase in (0, t] (FHL 2005, eq. 8 at x = 0).</summary>
    public static double ProbabilityNoRepeat(BgNbdParameters p, double horizon)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Math.Pow(p.Alpha / (p.Alpha + horizon), p.R);
    }

    /// <summary>Gauss hypergeometric 2F1(a, b; c; z) for z &lt; 1 (see <see cref="Hypergeometric.F21"/>).</summary>
    public static double Hypergeometric2F1(double a, double b, double c, double z) => Hypergeometric.F21(a, b, c, z);
}
