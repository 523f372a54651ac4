using BenchmarkDotNet.Attributes;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Benchmarks;

/// <summary>Analytics at the scale: 100k customers, 2M transaction lines (synthetic, seeded). The
/// baseline is the one aggregation pass (summaries) every model starts from.</summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private List<Transaction> _lines = [];
    private List<CustomerSummary> _summaries = [];
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
    }

    [Benchmark(Baseline = true)]
    public int Summaries() => CustomerSummaries.FromTransactions(_lines, _asOf, 7).Count;

    [Benchmark]
    public double FitBgNbd() => BgNbd.Fit(_summaries).LogLikelihood;

    [Benchmark]
    public int FullRun() => AnalyticsEngine.Run(_lines, new AnalyticsOptions(_asOf)).Customers.Count;
}
