using MathNet.Numerics;
using MathNet.Numerics.Optimization;

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

    /// <summary>Maximum likelihood from several starting points (the surface has poor local optima); the best
    /// log-likelihood wins. Customers sharing (x, t_x, T) are counted once with a weight, so the fit is
    /// O(distinct summaries) per evaluation.</summary>
    public static BgNbdParameters Fit(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (customers.Count == 0)
        {
            throw new ArgumentException("BG/NBD needs at least one customer.", nameof(customers));
        }

        var groups = customers.GroupBy(c => (c.Frequency, Math.Round(c.Recency, 6), Math.Round(c.T, 6)))
            .Select(g => (X: g.Key.Frequency, Tx: g.Key.Item2, T: g.Key.Item3, N: (double)g.Count())).ToArray();
        var maxX = groups.Max(g => g.X);
        var xs = groups.Select(g => g.X).Distinct().ToArray();
        var lgammaTerms = new double[maxX + 1];
        double Objective(MathNet.Numerics.LinearAlgebra.Vector<double> v)
        {
            double r = Math.Exp(v[0]), alpha = Math.Exp(v[1]), a = Math.Exp(v[2]), b = Math.Exp(v[3]);
            // The Gamma-function terms depend on x only: once per distinct frequency, not per customer.
            var common = -SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(b);
            foreach (var x in xs)
            {
                lgammaTerms[x] = common + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(a + b + x);
            }

            var lnA = Math.Log(a);
            var sum = 0.0;
            foreach (var g in groups)
            {
                var a3 = -(r + g.X) * Math.Log(alpha + g.T);
                double ll;
                if (g.X == 0)
                {
                    ll = lgammaTerms[0] + a3;
                }
                else
                {
                    var a4 = lnA - Math.Log(b + g.X - 1) - ((r + g.X) * Math.Log(alpha + g.Tx));
                    var max = Math.Max(a3, a4);
                    ll = lgammaTerms[g.X] + max + Math.Log(Math.Exp(a3 - max) + Math.Exp(a4 - max));
                }

                sum += g.N * ll;
            }

            // A small ridge on log-parameters keeps the simplex away from degenerate corners (a → 0, b → ∞).
            var penalty = 1e-6 * ((v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]) + (v[3] * v[3]));
            return double.IsFinite(sum) ? -sum + penalty : double.MaxValue;
        }

        var meanT = groups.Sum(g => g.T * g.N) / groups.Sum(g => g.N);
        double[][] starts =
        [
            [0, Math.Log(Math.Max(meanT, 1e-3)), 0, 0],
            [Math.Log(0.5), Math.Log(Math.Max(meanT / 4, 1e-3)), Math.Log(0.5), Math.Log(2)],
            [Math.Log(2), Math.Log(Math.Max(meanT * 2, 1e-3)), Math.Log(2), Math.Log(5)],
            [Math.Log(0.1), 0, Math.Log(0.1), Math.Log(0.5)],
        ];
        BgNbdParameters? best = null;
        foreach (var start in starts)
        {
            var candidate = Minimize(Objective, start);
            var p = new BgNbdParameters(Math.Exp(candidate[0]), Math.Exp(candidate[1]), Math.Exp(candidate[2]), Math.Exp(candidate[3]), 0);
            p = p with { LogLikelihood = LogLikelihood(p, customers) };
            if (double.IsFinite(p.LogLikelihood) && (best is null || p.LogLikelihood > best.LogLikelihood))
            {
                best = p;
            }
        }

        return best ?? throw new InvalidOperationException("BG/NBD did not converge from any starting point.");
    }

    /// <summary>Nelder–Mead, restarted from its own optimum until it stops improving (a plain simplex can stall).</summary>
    internal static double[] Minimize(Func<MathNet.Numerics.LinearAlgebra.Vector<double>, double> objective, double[] start)
    {
        var current = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(start);
        var value = objective(current);
        for (var restart = 0; restart < 4; restart++)
        {
            MinimizationResult result;
            try
            {
                result = NelderMeadSimplex.Minimum(ObjectiveFunction.Value(objective), current, 1e-9, 3_000);
            }
            catch (MaximumIterationsException)
            {
                // A ridge toward the boundary (a, b → ∞) can crawl for ever: keep the best point the restarts found.
                break;
            }

            if (result.FunctionInfoAtMinimum.Value >= value - 1e-9)
            {
                break;
            }

            current = result.MinimizingPoint;
            value = result.FunctionInfoAtMinimum.Value;
        }

        return current.ToArray();
    }

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

    /// <summary>Gauss hypergeometric 2F1(a, b; c; z) by its series, for 0 ≤ z &lt; 1 (as in Hardie's note 004).</summary>
    public static double Hypergeometric2F1(double a, double b, double c, double z)
    {
        var term = 1.0;
        var sum = 1.0;
        for (var j = 0; j < 10_000; j++)
        {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
            if (Math.Abs(term) < 1e-15 * Math.Abs(sum))
            {
                break;
            }
        }

        return sum;
    }
}
