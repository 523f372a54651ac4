using BenchmarkDotNet.Attributes;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Benchmarks;

/// <summary>Analytics at the scale: 100k customers, 2M transaction lines (synthetic, seeded). The
/// baseline is the one aggregation pass (summaries) every model starts from. Two BG/NBD fits: the benchmark's
/// uniform purchase dates put the optimum on the boundary (r, α → ∞, a → 0), the hard case; customers drawn
/// from a BG/NBD process are the well-behaved one.</summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private List<Transaction> _lines = [];
    private List<CustomerSummary> _summaries = [];
    private List<CustomerSummary> _simulated = [];
    private DateOnly _asOf;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _asOf = new DateOnly(2026, 10, 31);
        var lines = new List<Transaction>(2_000_000);
        for (var c = 0; c < 100_000; c++)
        {
            var id = "C" + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var orders = 1 + random.Next(7);
            for (var o = 0; o < orders; o++)
            {
                var day = _asOf.AddDays(-random.Next(5 * 365));
                var order = id + "-" + o.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var l = 0; l < 5 && lines.Count < 2_000_000; l++)
                {
                    lines.Add(new Transaction(id, order, day, "P" + random.Next(2000).ToString(System.Globalization.CultureInfo.InvariantCulture), 1 + random.Next(12), 8 + (random.NextDouble() * 40)));
                }
            }
        }

        _lines = lines;
        _summaries = CustomerSummaries.FromTransactions(_lines, _asOf, 7);

        // Five years in weeks, observed from each customer's first purchase on a whole day.
        _simulated = BgNbdSimulator.Simulate(new BgNbdParameters(0.5, 6, 0.8, 2.5, 0), 100_000, 260, seed: 7)
            .ConvertAll(s => s with { Recency = Math.Round(s.Recency * 7) / 7 });
    }

    [Benchmark(Baseline = true)]
    public int Summaries() => CustomerSummaries.FromTransactions(_lines, _asOf, 7).Count;

    [Benchmark]
    public double FitBgNbdBoundary() => BgNbd.Fit(_summaries).LogLikelihood;

    [Benchmark]
    public double FitBgNbdSimulated() => BgNbd.Fit(_simulated).LogLikelihood;

    [Benchmark]
    public double FitGammaGamma() => GammaGamma.Fit(_summaries).LogLikelihood;

    /// <summary>Everything <c>crmreco analyze</c> computes except the ML.NET propensity and storage.</summary>
    [Benchmark]
    public int FullRun() => AnalyticsEngine.Run(_lines, new AnalyticsOptions(_asOf)).Customers.Count;

    /// <summary>The ML.NET propensity model: features at 6 cutoffs (each with its own BG/NBD fit), two FastTree
    /// trainings on at most 50k sampled rows, scoring.</summary>
    [Benchmark]
    public int Propensity() => Core.Analytics.Propensity.Run(_lines, _asOf).Scores.Count;
}
