using BenchmarkDotNet.Attributes;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Transactions;

namespace CrmReco.Benchmarks;

/// <summary>One implicit-ALS iteration and top-10 scoring of every customer on synthetic data (seeded): 20k
/// customers × 1k products × ~400k non-zeros, 64 factors. Divide by the non-zeros for the time per non-zero
/// that the `implicit` library publishes.</summary>
[MemoryDiagnoser]
public class RecommendationBenchmarks
{
    private Interactions _data = null!;
    private ImplicitFactors _factors = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        var day = new DateOnly(2026, 1, 1);
        var lines = new List<Transaction>(400_000);
        for (var u = 0; u < 20_000; u++)
        {
            var taste = random.Next(20);
            for (var n = 0; n < 20; n++)
            {
                var item = random.NextDouble() < 0.6 ? (taste * 50) + random.Next(50) : random.Next(1000);
                lines.Add(new Transaction("U" + u, "O" + u, day.AddDays(-random.Next(700)), "P" + item, 1 + random.Next(6), 10));
            }
        }

        _data = Interactions.Build(lines, day);
        _factors = new ImplicitAls().Train(_data, new AlsOptions(Iterations: 1));
    }

    public int NonZeros => _data.UserItems.Sum(r => r.Length);

    [Benchmark]
    public float AlsOneIteration() => new ImplicitAls().Train(_data, new AlsOptions(Iterations: 1)).ItemFactors[0];

    [Benchmark]
    public int Top10ForEveryCustomer()
    {
        var source = new FactorsSource(_factors);
        var scores = new double[_data.Items.Length];
        var total = 0;
        for (var u = 0; u < _data.Users.Length; u++)
        {
            source.Score(u, scores);
            total += TopK.Of(scores, 10)[0].Item; // the list API; the engine uses TopK.Into
        }

        return total;
    }
}
