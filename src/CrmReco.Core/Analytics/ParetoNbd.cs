using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>Pareto/NBD parameters (Schmittlein, Morrison &amp; Colombo 1987): purchase rate λ ~ Gamma(r, α) while
/// alive, an exponential lifetime with dropout rate μ ~ Gamma(s, β).</summary>
public sealed record ParetoNbdParameters(double R, double Alpha, double S, double Beta, double LogLikelihood);

/// <summary>
/// The Pareto/NBD model: likelihood, maximum-likelihood fit, P(alive) and expected purchases. Unlike BG/NBD a
/// customer can drop out at any time, including right after their first purchase, so a single buyer's P(alive)
/// falls as the time since that purchase grows. Formulas (Fader &amp; Hardie's notes) in docs/analytics.md.
/// </summary>
public static class ParetoNbd
{
    /// <summary>ln L(r, α, s, β | x, t_x, T) (Fader &amp; Hardie 2005, "A Note on Deriving the Pareto/NBD Model",
    /// eq. 22 with the A₀ of their MATLAB note, in logs).</summary>
    public static double LogLikelihood(double r, double alpha, double s, double beta, int x, double tx, double t)
    {
        var common = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta));
        return common + LogBracket(r, alpha, s, beta, x, tx, t, out _);
    }

    public static double LogLikelihood(ParetoNbdParameters p, IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Sum(c => LogLikelihood(p.R, p.Alpha, p.S, p.Beta, c.Frequency, c.Recency, c.T));
    }

    /// <summary>Maximum likelihood on (ln r, ln α, ln s, ln β) from four starting points; the best wins.</summary>
    public static ParetoNbdParameters Fit(IReadOnlyList<CustomerSummary> customers)
    {
        var best = LogParameterFit.Fit(customers, GroupLogLikelihood, meanT =>
        [
            [0, Math.Log(meanT), 0, Math.Log(meanT)],
            [Math.Log(0.5), Math.Log(meanT / 4), Math.Log(0.5), Math.Log(meanT)],
            [Math.Log(2), Math.Log(meanT * 2), Math.Log(2), Math.Log(meanT * 4)],
            [Math.Log(0.1), 0, Math.Log(0.1), 0],
        ]) ?? throw new InvalidOperationException("Pareto/NBD did not converge from any starting point.");
        var theta = best.Theta;
        return new ParetoNbdParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]), best.LogLikelihood);
    }

    internal static double GroupLogLikelihood(SummaryGroups groups, double[] theta)
    {
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), s = Math.Exp(theta[2]), beta = Math.Exp(theta[3]);
        if (!double.IsFinite(r) || !double.IsFinite(alpha) || !double.IsFinite(s) || !double.IsFinite(beta) || r == 0 || alpha == 0 || s == 0 || beta == 0)
        {
            return double.NaN;
        }

        var common = -SpecialFunctions.GammaLn(r) + (r * theta[1]) + (s * theta[3]);
        var ll = 0.0;
        for (var i = 0; i < groups.Length; i++)
        {
            var x = groups.X[i];
            ll += groups.Count[i] * (common + SpecialFunctions.GammaLn(r + x) + LogBracket(r, alpha, s, beta, x, groups.Tx[i], groups.T[i], out _));
        }

        return ll;
    }

    /// <summary>P(alive | x, t_x, T) = (α+T)^−(r+x) (β+T)^−s / [bracket of the likelihood] (F&amp;H 2005, eq. 18).</summary>
    public static double ProbabilityAlive(ParetoNbdParameters p, int x, double tx, double t)
    {
        ArgumentNullException.ThrowIfNull(p);
        var log = LogBracket(p.R, p.Alpha, p.S, p.Beta, x, tx, t, out var alive);
        return Math.Exp(alive - log);
    }

    /// <summary>E[X(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
    /// (Schmittlein et al. 1987; F&amp;H 2005, eq. 22), with its limit ln((β+T+t)/(β+T)) at s = 1.</summary>
    public static double ExpectedPurchases(ParetoNbdParameters p, int x, double tx, double t, double horizon)
    {
        ArgumentNullException.ThrowIfNull(p);
        var logRatio = Math.Log((p.Beta + t) / (p.Beta + t + horizon));
        var sm1 = p.S - 1;
        // [1 − e^((s−1)L)] / (s − 1), continuous through s = 1.
        var factor = Math.Abs(sm1) < 1e-10 ? -logRatio : -double.ExpM1(sm1 * logRatio) / sm1;
        return (p.R + x) * (p.Beta + t) / (p.Alpha + t) * factor * ProbabilityAlive(p, x, tx, t);
    }

    /// <summary>True when no dropout shows in the data: the average customer's probability of dropping out within
    /// the mean observation time is below 10⁻³ (s/β → 0, the Pareto/NBD counterpart of a/(a+b) → 0).</summary>
    public static bool IsBoundary(ParetoNbdParameters p, double meanT)
    {
        ArgumentNullException.ThrowIfNull(p);
        return -double.ExpM1(p.S * Math.Log(p.Beta / (p.Beta + meanT))) < 1e-3;
    }

    /// <summary>
    /// ln of (α+T)^−(r+x)(β+T)^−s + s/(r+s+x) · A₀, with A₀ from Fader &amp; Hardie's MATLAB note: the ₂F₁ is taken
    /// around max(α, β), so that its argument |α − β| / (max(α, β) + y) stays in [0, 1):
    ///   α ≥ β: A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^(r+s+x) − (same at T)
    ///   α &lt; β: A₀ = ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+t_x)) / (β+t_x)^(r+s+x) − (same at T)
    /// <paramref name="logAlive"/> receives ln of the first term (the "still alive at T" branch).
    /// </summary>
    private static double LogBracket(double r, double alpha, double s, double beta, int x, double tx, double t, out double logAlive)
    {
        var rsx = r + s + x;
        logAlive = (-(r + x) * Math.Log(alpha + t)) - (s * Math.Log(beta + t));
        double maxAB, b;
        if (alpha >= beta)
        {
            maxAB = alpha;
            b = s + 1;
        }
        else
        {
            maxAB = beta;
            b = r + x;
        }

        var diff = Math.Abs(alpha - beta);
        var logTx = Hypergeometric.LogF21(rsx, b, rsx + 1, diff / (maxAB + tx)) - (rsx * Math.Log(maxAB + tx));
        var logT = Hypergeometric.LogF21(rsx, b, rsx + 1, diff / (maxAB + t)) - (rsx * Math.Log(maxAB + t));
        // ln A₀ = ln(e^logTx − e^logT); A₀ ≥ 0 (it is (r+s+x) ∫ from t_x to T of (α+y)^−(r+x) (β+y)^−(s+1) dy).
        var gap = logT - logTx;
        var logA0 = gap >= 0 ? double.NegativeInfinity : logTx + Math.Log(-double.ExpM1(gap));
        var logSecond = Math.Log(s / rsx) + logA0;
        var max = Math.Max(logAlive, logSecond);
        return max + Math.Log(Math.Exp(logAlive - max) + Math.Exp(logSecond - max));
    }
}
