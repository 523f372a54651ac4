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

    /// <summary>Fits on the customers with x &gt; 0 and a positive mean value; others carry no spend information.</summary>
    public static GammaGammaParameters Fit(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var usable = customers.Where(c => c.Frequency > 0 && c.MonetaryValue > 0).Select(c => (c.Frequency, c.MonetaryValue)).ToArray();
        if (usable.Length == 0)
        {
            throw new ArgumentException("Gamma-Gamma needs customers with repeat purchases.", nameof(customers));
        }

        double Objective(MathNet.Numerics.LinearAlgebra.Vector<double> v)
        {
            double p = Math.Exp(v[0]), q = Math.Exp(v[1]), g = Math.Exp(v[2]);
            var sum = 0.0;
            foreach (var (x, m) in usable)
            {
                sum += LogLikelihood(p, q, g, x, m);
            }

            return double.IsFinite(sum) ? -sum : double.MaxValue;
        }

        var mean = usable.Average(u => u.MonetaryValue);
        double[][] starts = [[0, 0, Math.Log(mean)], [Math.Log(5), Math.Log(3), Math.Log(mean)], [Math.Log(1), Math.Log(10), Math.Log(mean * 5)]];
        GammaGammaParameters? best = null;
        foreach (var start in starts)
        {
            var v = BgNbd.Minimize(Objective, start);
            var ll = -Objective(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(v));
            if (best is null || ll > best.LogLikelihood)
            {
                best = new GammaGammaParameters(Math.Exp(v[0]), Math.Exp(v[1]), Math.Exp(v[2]), ll);
            }
        }

        return best!;
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
