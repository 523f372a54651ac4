using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>
/// The Gamma-Gamma log-likelihood of the repeat buyers and its analytic gradient on θ = (ln p, ln q, ln γ),
/// with customers grouped by (x, m_x): the Gamma-function terms are computed once per distinct x, the terms
/// linear in p once at construction, and an evaluation costs one logarithm per distinct (x, m_x).
/// </summary>
internal sealed class GammaGammaLikelihood
{
    private readonly int[] _frequencies;
    private readonly double[] _frequencyCounts;
    private readonly int[] _x;
    private readonly double[] _mx;
    private readonly double[] _count;
    private readonly double _customers;

    // Σ n·x·(ln m_x + ln x) and Σ n·ln m_x: the (px − 1) ln m_x + px ln x terms are p·S1 − S0.
    private readonly double _s1;
    private readonly double _s0;

    private GammaGammaLikelihood(List<(int X, double Mx, double N)> groups)
    {
        var byFrequency = new SortedDictionary<int, double>();
        foreach (var (x, _, n) in groups)
        {
            byFrequency[x] = byFrequency.GetValueOrDefault(x) + n;
        }

        _frequencies = [.. byFrequency.Keys];
        _frequencyCounts = [.. byFrequency.Values];
        _x = [.. groups.Select(g => g.X)];
        _mx = [.. groups.Select(g => g.Mx)];
        _count = [.. groups.Select(g => g.N)];
        _customers = groups.Sum(g => g.N);
        _s1 = groups.Sum(g => g.N * g.X * (Math.Log(g.Mx) + Math.Log(g.X)));
        _s0 = groups.Sum(g => g.N * Math.Log(g.Mx));
        MeanValue = groups.Sum(g => g.N * g.Mx) / _customers;
    }

    public double MeanValue { get; }

    public int Groups => _count.Length;

    public static GammaGammaLikelihood From(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var groups = customers.Where(c => c.Frequency > 0 && c.MonetaryValue > 0)
            .GroupBy(c => (c.Frequency, Math.Round(c.MonetaryValue, 6)))
            .Select(g => (X: g.Key.Frequency, Mx: g.Key.Item2, N: (double)g.Count()))
            .ToList();
        return groups.Count == 0
            ? throw new ArgumentException("Gamma-Gamma needs customers with repeat purchases.", nameof(customers))
            : new GammaGammaLikelihood(groups);
    }

    /// <summary>The log-likelihood at θ = (ln p, ln q, ln γ), and ∂LL/∂θ when <paramref name="gradient"/> has room for three values.</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double p = Math.Exp(theta[0]), q = Math.Exp(theta[1]), gamma = Math.Exp(theta[2]);
        var withGradient = gradient.Length >= 3;
        var ll = (_customers * ((q * theta[2]) - SpecialFunctions.GammaLn(q))) + (p * _s1) - _s0;
        double dp = _s1, dq = 0, dGamma = 0;
        for (var i = 0; i < _frequencies.Length; i++)
        {
            var px = p * _frequencies[i];
            var n = _frequencyCounts[i];
            ll += n * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px));
            if (withGradient)
            {
                var psi = SpecialFunctions.DiGamma(px + q);
                dp += n * _frequencies[i] * (psi - SpecialFunctions.DiGamma(px));
                dq += n * psi;
            }
        }

        for (var i = 0; i < _count.Length; i++)
        {
            var px = p * _x[i];
            var denominator = gamma + (_mx[i] * _x[i]);
            var log = Math.Log(denominator);
            ll -= _count[i] * (px + q) * log;
            if (withGradient)
            {
                dp -= _count[i] * _x[i] * log;
                dq -= _count[i] * log;
                dGamma -= _count[i] * (px + q) / denominator;
            }
        }

        if (withGradient)
        {
            dq += _customers * (theta[2] - SpecialFunctions.DiGamma(q));
            dGamma += _customers * q / gamma;
            gradient[0] = p * dp;
            gradient[1] = q * dq;
            gradient[2] = gamma * dGamma;
        }

        return ll;
    }
}
