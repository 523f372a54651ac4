using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>MBG/NBD parameters (Batislam, Denizel &amp; Filiztekin 2007): as BG/NBD, but a customer may also drop
/// out right after the first purchase (dropout probability p ~ Beta(a, b) at every purchase, first included).</summary>
public sealed record MbgNbdParameters(double R, double Alpha, double A, double B, double LogLikelihood);

/// <summary>
/// The MBG/NBD model: likelihood, maximum-likelihood fit, P(alive) and expected purchases. Because the first
/// purchase can be the last, a single buyer's P(alive) falls with the time since it (BG/NBD's stays at 1).
/// Formulas in docs/analytics.md.
/// </summary>
public static class MbgNbd
{
    /// <summary>ln L = A₁ + A₂ + A₃ + ln(1 + e^A₄) with A₁ = lnΓ(r+x) − lnΓ(r) + r ln α,
    /// A₂ = ln B(a, b+x+1) − ln B(a, b), A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x) + (r+x) ln((α+T)/(α+t_x)).</summary>
    public static double LogLikelihood(double r, double alpha, double a, double b, int x, double tx, double t)
    {
        var a1 = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha));
        var a2 = SpecialFunctions.GammaLn(a + b) + SpecialFunctions.GammaLn(b + x + 1) - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b + x + 1);
        var a3 = -(r + x) * Math.Log(alpha + t);
        return a1 + a2 + a3 + Log1PlusExp(A4(r, alpha, a, b, x, tx, t));
    }

    public static double LogLikelihood(MbgNbdParameters p, IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Sum(c => LogLikelihood(p.R, p.Alpha, p.A, p.B, c.Frequency, c.Recency, c.T));
    }

    /// <summary>Maximum likelihood on (ln r, ln α, ln a, ln b) from BG/NBD's four starting points; the best wins.</summary>
    public static MbgNbdParameters Fit(IReadOnlyList<CustomerSummary> customers)
    {
        var best = LogParameterFit.Fit(customers, GroupLogLikelihood, meanT =>
        [
            [0, Math.Log(meanT), 0, 0],
            [Math.Log(0.5), Math.Log(meanT / 4), Math.Log(0.5), Math.Log(2)],
            [Math.Log(2), Math.Log(meanT * 2), Math.Log(2), Math.Log(5)],
            [Math.Log(0.1), 0, Math.Log(0.1), Math.Log(0.5)],
        ]) ?? throw new InvalidOperationException("MBG/NBD did not converge from any starting point.");
        var theta = best.Theta;
        return new MbgNbdParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]), best.LogLikelihood);
    }

    /// <summary>The log-likelihood of the groups at θ = (ln r, ln α, ln a, ln b) and, when <paramref name="gradient"/>
    /// has room for four values, its analytic gradient ∂LL/∂θ.</summary>
    internal static double GroupLogLikelihood(SummaryGroups groups, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), a = Math.Exp(theta[2]), b = Math.Exp(theta[3]);
        if (!double.IsFinite(r) || !double.IsFinite(alpha) || !double.IsFinite(a) || !double.IsFinite(b) || r == 0 || alpha == 0 || a == 0 || b == 0)
        {
            return double.NaN;
        }

        var withGradient = gradient.Length >= 4;
        // Groups come sorted by x: the Gamma-function terms are computed once per distinct frequency.
        var common = -SpecialFunctions.GammaLn(r) + (r * theta[1]) + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(b);
        double psiR = 0, psiAb = 0, psiB = 0;
        if (withGradient)
        {
            psiR = SpecialFunctions.DiGamma(r);
            psiAb = SpecialFunctions.DiGamma(a + b);
            psiB = SpecialFunctions.DiGamma(b);
        }

        double ll = 0, xTerms = 0, logBx = 0, dXr = 0, dXa = 0, dXb = 0;
        double dr = 0, dAlpha = 0, da = 0, db = 0;
        var lastX = -1;
        for (var i = 0; i < groups.Length; i++)
        {
            var x = groups.X[i];
            var n = groups.Count[i];
            if (x != lastX)
            {
                xTerms = common + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.GammaLn(b + x + 1) - SpecialFunctions.GammaLn(a + b + x + 1);
                logBx = Math.Log(b + x);
                lastX = x;
                if (withGradient)
                {
                    var psiAbx = SpecialFunctions.DiGamma(a + b + x + 1);
                    dXr = SpecialFunctions.DiGamma(r + x) - psiR + theta[1];
                    dXa = psiAb - psiAbx;
                    dXb = psiAb + SpecialFunctions.DiGamma(b + x + 1) - psiB - psiAbx;
                }
            }

            double logT = Math.Log(alpha + groups.T[i]), logTx = Math.Log(alpha + groups.Tx[i]);
            var a4 = theta[2] - logBx + ((r + x) * (logT - logTx));
            ll += n * (xTerms - ((r + x) * logT) + Log1PlusExp(a4));
            if (withGradient)
            {
                // σ = e^A₄ / (1 + e^A₄), the weight of the "dropped out at the last purchase" branch.
                var sigma = a4 > 0 ? 1 / (1 + Math.Exp(-a4)) : Math.Exp(a4) / (1 + Math.Exp(a4));
                dr += n * (dXr - logT + (sigma * (logT - logTx)));
                dAlpha += n * ((r / alpha) - ((r + x) / (alpha + groups.T[i])) + (sigma * (r + x) * ((1 / (alpha + groups.T[i])) - (1 / (alpha + groups.Tx[i])))));
                da += n * (dXa + (sigma / a));
                db += n * (dXb - (sigma / (b + x)));
            }
        }

        if (withGradient)
        {
            gradient[0] = r * dr;
            gradient[1] = alpha * dAlpha;
            gradient[2] = a * da;
            gradient[3] = b * db;
        }

        return ll;
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)); at x = 0, t_x = 0.</summary>
    public static double ProbabilityAlive(MbgNbdParameters p, int x, double tx, double t)
    {
        ArgumentNullException.ThrowIfNull(p);
        return 1 / (1 + Math.Exp(A4(p.R, p.Alpha, p.A, p.B, x, tx, t)));
    }

    /// <summary>E[X(t) | x, t_x, T] = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))]
    /// · P(alive) (Batislam et al. 2007; as the <c>lifetimes</c> library).</summary>
    public static double ExpectedPurchases(MbgNbdParameters p, int x, double tx, double t, double horizon)
    {
        ArgumentNullException.ThrowIfNull(p);
        var first = (p.A + p.B + x) / (p.A - 1);
        var z = horizon / (p.Alpha + t + horizon);
        var second = 1 - (Math.Exp((p.R + x) * Math.Log((p.Alpha + t) / (p.Alpha + t + horizon))) * Hypergeometric.F21(p.R + x, p.B + x + 1, p.A + p.B + x, z));
        return first * second * ProbabilityAlive(p, x, tx, t);
    }

    /// <summary>True when no dropout shows in the data: the mean dropout probability a/(a+b) is below 10⁻³.</summary>
    public static bool IsBoundary(MbgNbdParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.A / (p.A + p.B) < 1e-3;
    }

    private static double A4(double r, double alpha, double a, double b, int x, double tx, double t) =>
        Math.Log(a) - Math.Log(b + x) + ((r + x) * (Math.Log(alpha + t) - Math.Log(alpha + tx)));

    private static double Log1PlusExp(double v) => v > 0 ? v + Math.Log(1 + Math.Exp(-v)) : Math.Log(1 + Math.Exp(v));
}
