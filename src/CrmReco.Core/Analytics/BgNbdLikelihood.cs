using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>
/// The BG/NBD log-likelihood of a whole customer base and its analytic gradient, on customers grouped by
/// (x, t_x, T): one aggregation pass, then every evaluation costs O(distinct summaries), not O(customers).
/// The Gamma-function terms depend on x only and are computed once per distinct frequency; ln(α + T) and
/// ln(α + t_x) once per distinct time. Formulas: docs/analytics.md ("Fitting").
/// </summary>
internal sealed class BgNbdLikelihood
{
    private readonly int[] _frequencies;
    private readonly double[] _frequencyCounts;
    private readonly double[] _times;
    private readonly int[] _zeroTime;
    private readonly double[] _zeroCount;
    private readonly int[] _x;
    private readonly int[] _txIndex;
    private readonly int[] _tIndex;
    private readonly double[] _count;

    // Per-evaluation tables, reused (the fit is single-threaded).
    private readonly double[] _logTime;
    private readonly double[] _inverseTime;
    private readonly double[] _logBx;
    private readonly double[] _inverseBx;

    private BgNbdLikelihood(IReadOnlyList<CustomerSummary> customers)
    {
        // Times are rounded to 1e-6 unit before grouping so that equal day counts divided by 7 compare equal.
        var timeIndex = new Dictionary<double, int>();
        var times = new List<double>();
        int TimeIndex(double value)
        {
            var key = Math.Round(value, 6);
            if (!timeIndex.TryGetValue(key, out var index))
            {
                timeIndex[key] = index = times.Count;
                times.Add(key);
            }

            return index;
        }

        var zero = new Dictionary<int, double>();
        var repeat = new Dictionary<(int X, int Tx, int T), double>();
        var byFrequency = new SortedDictionary<int, double>();
        foreach (var c in customers)
        {
            if (c.Frequency < 0)
            {
                throw new ArgumentException($"Customer {c.CustomerId}: negative frequency.", nameof(customers));
            }

            byFrequency[c.Frequency] = byFrequency.GetValueOrDefault(c.Frequency) + 1;
            var t = TimeIndex(c.T);
            if (c.Frequency == 0)
            {
                zero[t] = zero.GetValueOrDefault(t) + 1;
            }
            else
            {
                var key = (c.Frequency, TimeIndex(c.Recency), t);
                repeat[key] = repeat.GetValueOrDefault(key) + 1;
            }
        }

        _frequencies = [.. byFrequency.Keys];
        _frequencyCounts = [.. byFrequency.Values];
        _times = [.. times];
        _zeroTime = [.. zero.Keys];
        _zeroCount = [.. zero.Values];
        _x = [.. repeat.Keys.Select(k => k.X)];
        _txIndex = [.. repeat.Keys.Select(k => k.Tx)];
        _tIndex = [.. repeat.Keys.Select(k => k.T)];
        _count = [.. repeat.Values];
        _logTime = new double[_times.Length];
        _inverseTime = new double[_times.Length];
        var maxX = _frequencies[^1];
        _logBx = new double[maxX + 1];
        _inverseBx = new double[maxX + 1];
        Customers = customers.Count;
        MeanT = customers.Average(c => c.T);
    }

    public int Customers { get; }

    /// <summary>Distinct (x, t_x, T) for repeat buyers plus distinct T for single buyers: the cost of one evaluation.</summary>
    public int Groups => _count.Length + _zeroCount.Length;

    public double MeanT { get; }

    public static BgNbdLikelihood From(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Count == 0 ? throw new ArgumentException("BG/NBD needs at least one customer.", nameof(customers)) : new BgNbdLikelihood(customers);
    }

    /// <summary>The log-likelihood Σ ln L(r, α, a, b | x, t_x, T) over all customers.</summary>
    public double LogLikelihood(double r, double alpha, double a, double b) =>
        Evaluate([Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b)], []);

    /// <summary>
    /// The log-likelihood at θ = (ln r, ln α, ln a, ln b), and when <paramref name="gradient"/> has room for
    /// four values, ∂LL/∂θ. Returns NaN or −∞ where the parameters overflow.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), a = Math.Exp(theta[2]), b = Math.Exp(theta[3]);
        var withGradient = gradient.Length >= 4;
        var lnAlpha = theta[1];
        for (var k = 0; k < _times.Length; k++)
        {
            _logTime[k] = Math.Log(alpha + _times[k]);
            _inverseTime[k] = 1 / (alpha + _times[k]);
        }

        // Terms in x only (FHL eq. 6: A1 + A2), once per distinct frequency.
        double common = -SpecialFunctions.GammaLn(r) + (r * lnAlpha) + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(b);
        double psiR = 0, psiAb = 0, psiB = 0;
        if (withGradient)
        {
            psiR = SpecialFunctions.DiGamma(r);
            psiAb = SpecialFunctions.DiGamma(a + b);
            psiB = SpecialFunctions.DiGamma(b);
        }

        double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
        for (var i = 0; i < _frequencies.Length; i++)
        {
            var x = _frequencies[i];
            var n = _frequencyCounts[i];
            ll += n * (common + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(a + b + x));
            if (withGradient)
            {
                var psiAbx = SpecialFunctions.DiGamma(a + b + x);
                dr += n * (SpecialFunctions.DiGamma(r + x) - psiR + lnAlpha);
                dAlpha += n * r / alpha;
                da += n * (psiAb - psiAbx);
                db += n * (psiAb + SpecialFunctions.DiGamma(b + x) - psiB - psiAbx);
            }

            if (x > 0)
            {
                _logBx[x] = Math.Log(b + x - 1);
                _inverseBx[x] = 1 / (b + x - 1);
            }
        }

        // Single buyers (x = 0): only A3 = −r ln(α + T).
        for (var i = 0; i < _zeroTime.Length; i++)
        {
            var k = _zeroTime[i];
            var n = _zeroCount[i];
            ll -= n * r * _logTime[k];
            dr -= n * _logTime[k];
            dAlpha -= n * r * _inverseTime[k];
        }

        // Repeat buyers: ln(e^A3 + e^A4) with A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x);
        // w = e^A4 / (e^A3 + e^A4) is the weight of the "dropped out after the last purchase" branch.
        var lnA = theta[2];
        double sumW = 0, sumWOverBx = 0;
        for (var i = 0; i < _count.Length; i++)
        {
            var x = _x[i];
            var n = _count[i];
            var t = _tIndex[i];
            var tx = _txIndex[i];
            var rx = r + x;
            var a3 = -rx * _logTime[t];
            var a4 = lnA - _logBx[x] - (rx * _logTime[tx]);
            var d = a4 - a3;
            double logSum, w;
            if (d > 0)
            {
                var e = Math.Exp(-d);
                logSum = a4 + Math.Log(1 + e);
                w = 1 / (1 + e);
            }
            else
            {
                var e = Math.Exp(d);
                logSum = a3 + Math.Log(1 + e);
                w = e / (1 + e);
            }

            ll += n * logSum;
            if (withGradient)
            {
                var nw = n * w;
                dr -= (n * _logTime[t]) + (nw * (_logTime[tx] - _logTime[t]));
                dAlpha -= rx * ((n * _inverseTime[t]) + (nw * (_inverseTime[tx] - _inverseTime[t])));
                sumW += nw;
                sumWOverBx += nw * _inverseBx[x];
            }
        }

        if (withGradient)
        {
            da += sumW / a;
            db -= sumWOverBx;

            // Chain rule to the log-parameters: ∂/∂ln θ = θ ∂/∂θ.
            gradient[0] = r * dr;
            gradient[1] = alpha * dAlpha;
            gradient[2] = a * da;
            gradient[3] = b * db;
        }

        return ll;
    }
}
