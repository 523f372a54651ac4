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

    /// <summary>The log-likelihood of the groups at θ = (ln r, ln α, ln s, ln β) and, when <paramref name="gradient"/>
    /// has room for four values, its analytic gradient ∂LL/∂θ.</summary>
    internal static double GroupLogLikelihood(SummaryGroups groups, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), s = Math.Exp(theta[2]), beta = Math.Exp(theta[3]);
        if (!double.IsFinite(r) || !double.IsFinite(alpha) || !double.IsFinite(s) || !double.IsFinite(beta) || r == 0 || alpha == 0 || s == 0 || beta == 0)
        {
            return double.NaN;
        }

        var withGradient = gradient.Length >= 4;
        Span<double> bracket = stackalloc double[withGradient ? 4 : 0];
        var common = -SpecialFunctions.GammaLn(r) + (r * theta[1]) + (s * theta[3]);
        var psiR = withGradient ? SpecialFunctions.DiGamma(r) : 0;
        double ll = 0, dr = 0, dAlpha = 0, ds = 0, dBeta = 0, total = 0, lastPsi = 0;
        var lastX = -1;
        for (var i = 0; i < groups.Length; i++)
        {
            var x = groups.X[i];
            var n = groups.Count[i];
            ll += n * (common + SpecialFunctions.GammaLn(r + x) + ParetoNbdIntegral.LogBracket(r, alpha, s, beta, x, groups.Tx[i], groups.T[i], out _, bracket));
            if (withGradient)
            {
                if (x != lastX)
                {
                    lastPsi = SpecialFunctions.DiGamma(r + x);
                    lastX = x;
                }

                total += n;
                dr += n * (lastPsi + bracket[0]);
                dAlpha += n * bracket[1];
                ds += n * bracket[2];
                dBeta += n * bracket[3];
            }
        }

        if (withGradient)
        {
            // The common terms −lnΓ(r) + r ln α + s ln β, then the chain rule to the log-parameters.
            gradient[0] = r * (dr + (total * (theta[1] - psiR)));
            gradient[1] = alpha * (dAlpha + (total * r / alpha));
            gradient[2] = s * (ds + (total * theta[3]));
            gradient[3] = beta * (dBeta + (total * s / beta));
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

    /// <summary>ln of (α+T)^−(r+x)(β+T)^−s + s·∫ from t_x to T of (α+y)^−(r+x)(β+y)^−(s+1) dy, the bracket of F&amp;H's
    /// eq. 22 (their s/(r+s+x)·A₀, A₀ written with a ₂F₁), computed as the integral it is (<see cref="ParetoNbdIntegral"/>).
    /// <paramref name="logAlive"/> receives ln of the first term (the "still alive at T" branch).</summary>
    private static double LogBracket(double r, double alpha, double s, double beta, int x, double tx, double t, out double logAlive) =>
        ParetoNbdIntegral.LogBracket(r, alpha, s, beta, x, tx, t, out logAlive, []);
}
