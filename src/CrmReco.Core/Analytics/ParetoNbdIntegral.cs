namespace CrmReco.Core.Analytics;

/// <summary>
/// The bracket of the Pareto/NBD likelihood, (α+T)^−(r+x)(β+T)^−s + s·I with
/// I = ∫ from t_x to T of (α+y)^−(r+x)(β+y)^−(s+1) dy, and the gradient of its logarithm, at a cost bounded
/// whatever the parameters. Fader &amp; Hardie write I through a ₂F₁ whose series needs millions of terms when the
/// optimizer probes a degenerate region (r, α → ∞ with s → 0: argument → 1, parameters → ∞); the integral itself
/// is computed here by Gauss–Legendre panels. Method: docs/analytics.md ("Pareto/NBD: the integral").
/// </summary>
internal static class ParetoNbdIntegral
{
    /// <summary>Nodes per panel.</summary>
    private const int Order = 8;

    /// <summary>The log-integrand falls by at most this much across a panel.</summary>
    private const double PanelDrop = 4;

    /// <summary>A hard bound on the work; panels at least multiply min(α, β) + y by 1.75, so ≈ 80 cover any real case.</summary>
    private const int MaxPanels = 160;

    private static readonly (double[] Nodes, double[] Weights) Rule = GaussLegendre(Order);

    /// <summary>
    /// ln[(α+T)^−(r+x)(β+T)^−s + s·I]; <paramref name="logAlive"/> receives ln of the first term. When
    /// <paramref name="gradient"/> has room for four values it receives ∂/∂(r, α, s, β) of that logarithm.
    /// </summary>
    /// <remarks>
    /// φ(y) = −(r+x) ln(α+y) − (s+1) ln(β+y) is convex and decreasing, so a panel starting at y with width
    /// 4 / (−φ'(y)) loses at most e⁴ of the integrand; the width is also capped at ¾ (min(α, β) + y) so that the
    /// integrand's singularities (y = −α, −β) stay 4/3 of a panel width away: 8 nodes then err by about
    /// 7.2^−16 ≈ 10⁻¹⁴ relative at worst (the Bernstein ellipse through the nearest singularity). The
    /// panels stop once f(y)·(T − y), a bound on what is left, is below 10⁻¹⁷ of the sum.
    /// </remarks>
    internal static double LogBracket(double r, double alpha, double s, double beta, int x, double tx, double t, out double logAlive, Span<double> gradient)
    {
        var rx = r + x;
        var s1 = s + 1;
        double logAlphaT = Math.Log(alpha + t), logBetaT = Math.Log(beta + t);
        logAlive = (-rx * logAlphaT) - (s * logBetaT);

        // Sums of the scaled integrand e^(φ(y) − φ(t_x)) with the weights, and of its products with the
        // derivatives of φ: ln(α+y), ln(β+y), 1/(α+y), 1/(β+y).
        double sum = 0, sumLogA = 0, sumLogB = 0, sumInvA = 0, sumInvB = 0;
        var phi0 = (-rx * Math.Log(alpha + tx)) - (s1 * Math.Log(beta + tx));
        var withGradient = gradient.Length >= 4;
        if (t > tx)
        {
            var (nodes, weights) = Rule;
            var minAB = Math.Min(alpha, beta);
            var y = tx;
            for (var panel = 0; panel < MaxPanels && y < t; panel++)
            {
                var slope = (rx / (alpha + y)) + (s1 / (beta + y));
                var width = Math.Min(PanelDrop / slope, 0.75 * (minAB + y));
                var end = panel == MaxPanels - 1 || y + width >= t ? t : y + width;
                var h = end - y;
                for (var k = 0; k < Order; k++)
                {
                    var yk = y + (h * nodes[k]);
                    double la = Math.Log(alpha + yk), lb = Math.Log(beta + yk);
                    var f = h * weights[k] * Math.Exp((-rx * la) - (s1 * lb) - phi0);
                    sum += f;
                    if (withGradient)
                    {
                        sumLogA += f * la;
                        sumLogB += f * lb;
                        sumInvA += f / (alpha + yk);
                        sumInvB += f / (beta + yk);
                    }
                }

                y = end;
                if (y < t && Math.Exp((-rx * Math.Log(alpha + y)) - (s1 * Math.Log(beta + y)) - phi0) * (t - y) < 1e-17 * sum)
                {
                    break;
                }
            }
        }

        var logSecond = sum > 0 ? Math.Log(s) + phi0 + Math.Log(sum) : double.NegativeInfinity;
        var max = Math.Max(logAlive, logSecond);
        var log = max + Math.Log(Math.Exp(logAlive - max) + Math.Exp(logSecond - max));
        if (withGradient)
        {
            // Shares of the two terms in the bracket; the second's derivatives are s·∫ ∂φ f dy (limits fixed).
            var pAlive = Math.Exp(logAlive - log);
            var pSecond = Math.Exp(logSecond - log);
            var inverse = sum > 0 ? 1 / sum : 0;
            gradient[0] = (pAlive * -logAlphaT) + (pSecond * -sumLogA * inverse);
            gradient[1] = (pAlive * -rx / (alpha + t)) + (pSecond * -rx * sumInvA * inverse);
            gradient[2] = (pAlive * -logBetaT) + (pSecond * ((1 / s) - (sumLogB * inverse)));
            gradient[3] = (pAlive * -s / (beta + t)) + (pSecond * -s1 * sumInvB * inverse);
        }

        return log;
    }

    /// <summary>Gauss–Legendre nodes and weights on [0, 1] (Newton on the Legendre polynomial from the usual guess).</summary>
    private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            var z = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative;
            while (true)
            {
                double p0 = 1, p1 = 0;
                for (var j = 1; j <= n; j++)
                {
                    var p2 = p1;
                    p1 = p0;
                    p0 = (((2 * j) - 1) * z * p1 - ((j - 1) * p2)) / j;
                }

                derivative = n * ((z * p0) - p1) / ((z * z) - 1);
                var next = z - (p0 / derivative);
                var done = Math.Abs(next - z) < 1e-15;
                z = next;
                if (done)
                {
                    break;
                }
            }

            nodes[i] = (1 - z) / 2;
            weights[i] = 1 / ((1 - (z * z)) * derivative * derivative);
        }

        return (nodes, weights);
    }
}
