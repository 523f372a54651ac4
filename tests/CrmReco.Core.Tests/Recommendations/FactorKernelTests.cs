using System.Numerics;
using System.Numerics.Tensors;
using CrmReco.Core.Recommendations;

namespace CrmReco.Core.Tests.Recommendations;

/// <summary>The hand-vectorized kernels against the straightforward loops in double precision, at sizes that
/// are and are not multiples of the vector width (8 with AVX2): the scalar tails and the blocked paths.</summary>
public sealed class FactorKernelTests
{
    public static TheoryData<int> Sizes => [1, 3, 7, 8, 9, 16, 17, 31, 63, 64, 65, 72, 130];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SymmetricMatVec_AnySize_EqualsTheStraightforwardProduct(int f)
    {
        var random = new Random(f);
        var matrix = new float[f * f];
        for (var a = 0; a < f; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                matrix[(a * f) + b] = matrix[(b * f) + a] = Next(random);
            }
        }

        var v = Vector(random, f);
        var result = new float[f];
        FactorKernels.SymmetricMatVec(matrix, v, result, f);

        for (var a = 0; a < f; a++)
        {
            var expected = 0.0;
            for (var b = 0; b < f; b++)
            {
                expected += (double)matrix[(a * f) + b] * v[b];
            }

            AssertClose(expected, result[a], f);
        }
    }

    [Theory]
    [InlineData(7, 1f, -1f)]
    [InlineData(8, 0f, 1f)]
    [InlineData(17, 1f, -1f)]
    [InlineData(64, 0f, 1f)]
    [InlineData(64, 1f, -1f)]
    [InlineData(65, 0f, 1f)]
    [InlineData(65, 1f, -1f)]
    public void AddProjections_AnySize_EqualsDotThenUpdatePerNonZero(int f, float bias, float scale)
    {
        var random = new Random(f);
        var y = Vector(random, 40 * f);
        int[] indices = [0, 3, 4, 17, 39, 22];
        var values = indices.Select(_ => 1 + (float)random.Next(5)).ToArray();
        var v = Vector(random, f);
        var target = Vector(random, f);
        var expected = target.Select(t => (double)t).ToArray();
        const float alpha = 0.7f;
        for (var k = 0; k < indices.Length; k++)
        {
            var dot = 0.0;
            for (var j = 0; j < f; j++)
            {
                dot += (double)y[(indices[k] * f) + j] * v[j];
            }

            var confidence = 1 + (alpha * (double)values[k]);
            for (var j = 0; j < f; j++)
            {
                expected[j] += ((bias * confidence) + (scale * (confidence - 1) * dot)) * y[(indices[k] * f) + j];
            }
        }

        FactorKernels.AddProjections(y, indices, values, alpha, bias, scale, v, target, f);

        for (var j = 0; j < f; j++)
        {
            AssertClose(expected[j], target[j], f * indices.Length);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(65)]
    public void Gram_SeveralChunks_EqualsYTransposeYPlusLambdaAndIgnoresTheParallelism(int f)
    {
        var random = new Random(f);
        var rows = (2 * ImplicitAls.GramChunkRows) + 5;
        var y = Vector(random, rows * f);
        const float lambda = 5;

        var one = ImplicitAls.Gram(y, f, lambda);
        var two = ImplicitAls.Gram(y, f, lambda, new ParallelOptions { MaxDegreeOfParallelism = 2 });

        Assert.Equal(one, two);
        for (var a = 0; a < f; a++)
        {
            for (var b = 0; b < f; b++)
            {
                var expected = a == b ? lambda : 0.0;
                for (var r = 0; r < rows; r++)
                {
                    expected += (double)y[(r * f) + a] * y[(r * f) + b];
                }

                AssertClose(expected, one[(a * f) + b], rows);
                Assert.Equal(one[(a * f) + b], one[(b * f) + a]);
            }
        }
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(7, 33)]
    [InlineData(64, 70)]
    [InlineData(65, 8)]
    [InlineData(65, 131)]
    public void FactorsSourceScore_AnySize_EqualsTheDotProductPerItem(int f, int items)
    {
        var random = new Random(f + items);
        var factors = new ImplicitFactors(Vector(random, 3 * f), Vector(random, items * f), f);
        var scores = new double[items];

        new FactorsSource(factors).Score(2, scores);

        for (var i = 0; i < items; i++)
        {
            var expected = 0.0;
            for (var a = 0; a < f; a++)
            {
                expected += (double)factors.UserFactors[(2 * f) + a] * factors.ItemFactors[(i * f) + a];
            }

            AssertClose(expected, scores[i], f);
        }
    }

    [Theory]
    [InlineData(7, 7)]
    [InlineData(7, 33)]
    [InlineData(64, 2000)]
    [InlineData(65, 131)]
    [InlineData(9, 16)]
    public void FactorsSourceScoreOfSeveralUsers_AnySize_EqualsOneUserAtATime(int f, int items)
    {
        var random = new Random(f * items);
        var factors = new ImplicitFactors(Vector(random, 12 * f), Vector(random, items * f), f);
        var source = new FactorsSource(factors);
        int[] users = [3, 0, 11, 5, 5, 2, 9, 1, 7];
        var scores = Enumerable.Repeat(-99.0, (users.Length * items) + 3).ToArray();

        source.Score(users, items, scores);

        var single = new double[items];
        for (var u = 0; u < users.Length; u++)
        {
            source.Score(users[u], single);
            Assert.Equal(single, scores.AsSpan(u * items, items).ToArray());
            for (var i = 0; i < items; i += 13)
            {
                var expected = 0.0;
                for (var a = 0; a < f; a++)
                {
                    expected += (double)factors.UserFactors[(users[u] * f) + a] * factors.ItemFactors[(i * f) + a];
                }

                AssertClose(expected, scores[(u * items) + i], f);
            }
        }

        Assert.All(scores[(users.Length * items)..], s => Assert.Equal(-99.0, s));
    }

    [Fact]
    public void FactorsSourceScore_FewerScoresThanPaddedItems_WritesOnlyTheSpan()
    {
        var f = 9;
        var items = Vector<float>.Count + 3;
        var random = new Random(1);
        var factors = new ImplicitFactors(Vector(random, f), Vector(random, items * f), f);
        var scores = Enumerable.Repeat(-99.0, items + 4).ToArray();

        new FactorsSource(factors).Score(0, scores.AsSpan(0, items));

        Assert.All(scores[items..], s => Assert.Equal(-99.0, s));
        Assert.DoesNotContain(-99.0, scores[..items]);
    }

    [Theory]
    [InlineData(1, 2003)]
    [InlineData(10, 2000)]
    [InlineData(10, 37)]
    [InlineData(25, 517)]
    public void TopKInto_LongScoreListsWithTiesAndExclusions_MatchesAStableSort(int k, int items)
    {
        var random = new Random(k + items);
        for (var trial = 0; trial < 20; trial++)
        {
            // Rising scores make late items enter often; coarse ones make ties.
            var scores = Enumerable.Range(0, items).Select(i => trial % 3 == 0 ? i + random.NextDouble() : trial % 3 == 1 ? random.Next(50) : random.NextDouble()).ToArray();
            var exclude = Enumerable.Range(0, items).Where(_ => random.NextDouble() < 0.05).ToArray();
            var expected = Enumerable.Range(0, items).Where(i => Array.BinarySearch(exclude, i) < 0).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
            var best = new Scored[k];

            var count = TopK.Into(scores, best, exclude);

            Assert.Equal(expected, best.Take(count).Select(s => s.Item));
            Assert.Equal(expected.Select(i => scores[i]), best.Take(count).Select(s => s.Score));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(37)]
    [InlineData(2000)]
    public void BlendAddScaled_RandomConstantAndNaNScores_SameTargetAsNormalizeThenMultiplyAdd(int items)
    {
        var random = new Random(items);
        for (var trial = 0; trial < 12; trial++)
        {
            // Spread, coarse with ties and zeros, constant, negative, and one NaN somewhere.
            var scores = Enumerable.Range(0, items).Select(_ => trial % 4 switch
            {
                0 => random.NextDouble() * 10,
                1 => random.Next(3),
                2 => 0.25,
                _ => -random.NextDouble(),
            }).ToArray();
            if (trial == 11)
            {
                scores[random.Next(items)] = double.NaN;
            }

            var start = Enumerable.Range(0, items).Select(_ => random.NextDouble()).ToArray();
            var (expected, actual) = ((double[])start.Clone(), (double[])start.Clone());
            var normalized = (double[])scores.Clone();

            Blend.AddNormalized(expected, normalized, 0.35);
            var (min, scale) = Blend.AddScaled(actual, scores, 0.35);

            Assert.Equal(expected, actual);
            Assert.Equal((TensorPrimitives.Min<double>(scores), TensorPrimitives.Max<double>(scores)), Blend.MinMax(scores));
            if (scale != 0)
            {
                Assert.Equal(normalized, scores.Select(x => (x - min) * scale));
            }
        }
    }

    private static float Next(Random random) => (float)((random.NextDouble() * 2) - 1);

    private static float[] Vector(Random random, int length) => Enumerable.Range(0, length).Select(_ => Next(random)).ToArray();

    // Float sums of n terms of magnitude ≤ 1 in another order: a relative-and-absolute tolerance growing with n.
    private static void AssertClose(double expected, double actual, int terms) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * (terms + Math.Abs(expected)), $"expected {expected}, got {actual}");
}
