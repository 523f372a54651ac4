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
    private Dictionary<string, ProductAttributes> _catalogue = [];
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

        // A catalogue for the taste shares `crmreco analyze` computes on a database: 2,000 products, seeded.
        string?[] varieties = ["Riesling", "Pinot Gris", "Gewurztraminer", "Pinot Noir", "Sylvaner", null];
        string[] colours = ["white", "red", "rosé"], bands = ["<10", "10-20", "20-40", ">40"];
        _catalogue = Enumerable.Range(0, 2000).ToDictionary(
            p => "P" + p.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => new ProductAttributes(varieties[random.Next(varieties.Length)], colours[random.Next(colours.Length)], random.Next(10) == 0, random.Next(20) == 0, random.Next(10) == 0, bands[random.Next(bands.Length)]),
            StringComparer.Ordinal);
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

    /// <summary>The same with a catalogue, as on a database: adds the taste shares per customer.</summary>
    [Benchmark]
    public int FullRunWithCatalogue() => AnalyticsEngine.Run(_lines, new AnalyticsOptions(_asOf), _catalogue).Customers.Count;

    /// <summary>The ML.NET propensity model: one aggregation pass, 6 cutoffs (each with its own BG/NBD fit, in
    /// parallel), features for the 50k sampled training rows, the held-out window and today's customers, two
    /// FastTree trainings (100 trees of 8 leaves) in parallel, scoring.</summary>
    [Benchmark]
    public int Propensity() => Core.Analytics.Propensity.Run(_lines, _asOf).Scores.Count;
}
