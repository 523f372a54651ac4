namespace CrmReco.Core.Analytics;

/// <summary>Draws customers from a BG/NBD process with known parameters (seeded), to check the fit recovers them.</summary>
public static class BgNbdSimulator
{
    /// <summary>Each customer: λ ~ Gamma(r, α) (rate per unit), p ~ Beta(a, b); purchases as a Poisson process
    /// from time 0, dying after each purchase with probability p; observed until <paramref name="t"/>.</summary>
    public static List<CustomerSummary> Simulate(BgNbdParameters p, int customers, double t, int seed)
    {
        ArgumentNullException.ThrowIfNull(p);
        var random = new Random(seed);
        var gammaR = new MathNet.Numerics.Distributions.Gamma(p.R, p.Alpha, random);
        var betaP = new MathNet.Numerics.Distributions.Beta(p.A, p.B, random);
        var result = new List<CustomerSummary>(customers);
        for (var i = 0; i < customers; i++)
        {
            var lambda = gammaR.Sample();
            var dropout = betaP.Sample();
            double now = 0, last = 0;
            var x = 0;
            while (true)
            {
                now += -Math.Log(1 - random.NextDouble()) / lambda;
                if (now > t)
                {
                    break;
                }

                x++;
                last = now;
                if (random.NextDouble() < dropout)
                {
                    break;
                }
            }

            result.Add(new CustomerSummary(i.ToString(System.Globalization.CultureInfo.InvariantCulture), x, last, t, 0));
        }

        return result;
    }
}
