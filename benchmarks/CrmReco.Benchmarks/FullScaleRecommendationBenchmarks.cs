using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Transactions;

namespace CrmReco.Benchmarks;

/// <summary>
/// The scale: 100k customers × 2k products × ~2M lines (synthetic, seeded: each customer draws 60 % of
/// 20 lines from one of 40 taste groups of 50 products). One ALS iteration (64 factors, 3 CG steps) and top-10
/// scoring of every customer from the factors (the baseline). Few iterations, in process (building a separate
/// benchmark project times out on a loaded machine). The whole engine at this scale takes minutes per run,
/// beyond what the in-process toolchain accepts: `scripts/bench-recommend.sh` measures it (and the whole
/// `crmreco recommend`) as a macro benchmark.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class FullScaleRecommendationBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));
    }

    private const int Customers = 100_000;
    private const int Products = 2_000;
    private static readonly DateOnly Day = new(2026, 10, 31);
    private List<Transaction> _lines = [];
    private Interactions _data = null!;
    private ImplicitFactors _factors = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var products = Enumerable.Range(0, Products).Select(p => "P" + p.ToString("0000", CultureInfo.InvariantCulture)).ToArray();
        _lines = new List<Transaction>(2_000_000);
        for (var u = 0; u < Customers; u++)
        {
            var id = "C" + u.ToString(CultureInfo.InvariantCulture);
            var taste = random.Next(40);
            for (var n = 0; n < 20; n++)
            {
                var item = random.NextDouble() < 0.6 ? (taste * 50) + random.Next(50) : random.Next(Products);
                _lines.Add(new Transaction(id, id + "-" + (n / 4).ToString(CultureInfo.InvariantCulture), Day.AddDays(-random.Next(1500)), products[item], 1 + random.Next(6), 60));
            }
        }

        _data = Interactions.Build(_lines, Day);
        _factors = new ImplicitAls().Train(_data, new AlsOptions(Iterations: 1));
    }

    /// <summary>Non-zeros of the customer × product matrix (divide the ALS time by it).</summary>
    public int NonZeros => _data.UserItems.Sum(r => r.Length);

    [Benchmark]
    public float AlsOneIteration() => new ImplicitAls().Train(_data, new AlsOptions(Iterations: 1)).ItemFactors[0];

    [Benchmark(Baseline = true)]
    public int Top10FromFactorsForEveryCustomer()
    {
        var source = new FactorsSource(_factors);
        var scores = new double[_data.Items.Length];
        var best = new Scored[10];
        var total = 0;
        for (var u = 0; u < _data.Users.Length; u++)
        {
            source.Score(u, scores);
            TopK.Into(scores, best, _data.UserItems[u]);
            total += best[0].Item;
        }

        return total;
    }

    /// <summary>The same top-10, the scores computed four customers per pass over the item factors.</summary>
    [Benchmark]
    public int Top10FromFactorsFourCustomersPerPass()
    {
        var source = new FactorsSource(_factors);
        var items = _data.Items.Length;
        var scores = new double[4 * items];
        var users = new int[4];
        var best = new Scored[10];
        var total = 0;
        for (var first = 0; first < _data.Users.Length; first += 4)
        {
            var count = Math.Min(4, _data.Users.Length - first);
            for (var u = 0; u < count; u++)
            {
                users[u] = first + u;
            }

            source.Score(users.AsSpan(0, count), items, scores);
            for (var u = 0; u < count; u++)
            {
                TopK.Into(scores.AsSpan(u * items, items), best, _data.UserItems[first + u]);
                total += best[0].Item;
            }
        }

        return total;
    }
}
