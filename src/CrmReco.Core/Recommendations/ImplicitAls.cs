using System.Numerics.Tensors;

namespace CrmReco.Core.Recommendations;

/// <summary>Hyper-parameters of implicit ALS.</summary>
public sealed record AlsOptions(int Factors = 64, float Regularization = 5f, float Alpha = 1f, int Iterations = 15, int CgSteps = 3, int Seed = 42, int? MaxDegreeOfParallelism = null);

/// <summary>Learned factors: score(u, i) = x_u · y_i.</summary>
public sealed class ImplicitFactors(float[] users, float[] items, int factors)
{
    public int Factors { get; } = factors;

    public float[] UserFactors { get; } = users;

    public float[] ItemFactors { get; } = items;

    public float Score(int user, int item) =>
        TensorPrimitives.Dot(new ReadOnlySpan<float>(UserFactors, user * Factors, Factors), new ReadOnlySpan<float>(ItemFactors, item * Factors, Factors));
}

/// <summary>A trainer of implicit-feedback factors (ML.NET's recommender could stand here; it is not in the registry).</summary>
public interface IImplicitTrainer
{
    ImplicitFactors Train(Interactions data, AlsOptions options);
}

/// <summary>
/// Implicit ALS (Hu, Koren &amp; Volinsky 2008) with the conjugate-gradient solver of Takács, Pilászy &amp; Tikk
/// (2011), as in the <c>implicit</c> library: confidence c = 1 + α·r, preference 1 on observed pairs; each half
/// sweep runs a few CG steps per row warm-started from the current factors, using YᵀY + λI computed once per
/// sweep. Rows are solved in parallel, each writing only its own row, so the result does not depend on
/// scheduling; vectors go through <see cref="TensorPrimitives"/> (SIMD).
/// </summary>
public sealed class ImplicitAls : IImplicitTrainer
{
    public ImplicitFactors Train(Interactions data, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var f = options.Factors;
        var random = new Random(options.Seed);
        var users = new float[data.Users.Length * f];
        var items = new float[data.Items.Length * f];
        for (var i = 0; i < users.Length; i++) { users[i] = (float)(random.NextDouble() * 0.01); }
        for (var i = 0; i < items.Length; i++) { items[i] = (float)(random.NextDouble() * 0.01); }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            Sweep(users, items, data.UserItems, data.UserValues, f, options, parallel);
            Sweep(items, users, data.ItemUsers, data.ItemValues, f, options, parallel);
        }

        return new ImplicitFactors(users, items, f);
    }

    /// <summary>Updates every row of <paramref name="x"/> with <paramref name="y"/> fixed.</summary>
    private static void Sweep(float[] x, float[] y, int[][] indices, float[][] values, int f, AlsOptions options, ParallelOptions parallel)
    {
        var yty = Gram(y, f, options.Regularization);
        Parallel.For(0, indices.Length, parallel, () => new float[4 * f], (u, _, buffers) =>
        {
            SolveRow(x.AsSpan(u * f, f), y, indices[u], values[u], yty, f, options, buffers);
            return buffers;
        }, _ => { });
    }

    /// <summary>YᵀY + λI (f × f, row-major).</summary>
    internal static float[] Gram(float[] y, int f, float regularization)
    {
        var rows = y.Length / f;
        var gram = new float[f * f];
        for (var r = 0; r < rows; r++)
        {
            var row = new ReadOnlySpan<float>(y, r * f, f);
            for (var a = 0; a < f; a++)
            {
                TensorPrimitives.MultiplyAdd(row, row[a], gram.AsSpan(a * f, f), gram.AsSpan(a * f, f));
            }
        }

        for (var a = 0; a < f; a++)
        {
            gram[(a * f) + a] += regularization;
        }

        return gram;
    }

    internal static void SolveRow(Span<float> xu, float[] y, int[] idx, float[] vals, float[] yty, int f, AlsOptions options, float[] buffers)
    {
        var r = buffers.AsSpan(0, f);
        var p = buffers.AsSpan(f, f);
        var ap = buffers.AsSpan(2 * f, f);

        // r = b − A x, with A = YᵀY + λI + Σ (c−1) y yᵀ and b = Σ c y.
        MatVec(yty, xu, r, f);
        TensorPrimitives.Negate(r, r);
        for (var k = 0; k < idx.Length; k++)
        {
            var yi = new ReadOnlySpan<float>(y, idx[k] * f, f);
            var confidence = 1 + (options.Alpha * vals[k]);
            TensorPrimitives.MultiplyAdd(yi, confidence - ((confidence - 1) * TensorPrimitives.Dot(yi, xu)), r, r);
        }

        r.CopyTo(p);
        var rsOld = TensorPrimitives.Dot(r, r);
        for (var step = 0; step < options.CgSteps && rsOld > 1e-20f; step++)
        {
            MatVec(yty, p, ap, f);
            for (var k = 0; k < idx.Length; k++)
            {
                var yi = new ReadOnlySpan<float>(y, idx[k] * f, f);
                TensorPrimitives.MultiplyAdd(yi, options.Alpha * vals[k] * TensorPrimitives.Dot(yi, p), ap, ap);
            }

            var step_ = rsOld / TensorPrimitives.Dot(p, ap);
            TensorPrimitives.MultiplyAdd(p, step_, xu, xu);
            TensorPrimitives.MultiplyAdd(ap, -step_, r, r);
            var rsNew = TensorPrimitives.Dot(r, r);
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    private static void MatVec(float[] matrix, ReadOnlySpan<float> v, Span<float> result, int f)
    {
        for (var a = 0; a < f; a++)
        {
            result[a] = TensorPrimitives.Dot(new ReadOnlySpan<float>(matrix, a * f, f), v);
        }
    }

    /// <summary>The implicit-feedback objective: Σ_observed c (1 − x·y)² + Σ_unobserved (x·y)² + λ(|X|² + |Y|²).</summary>
    public static double Loss(Interactions data, ImplicitFactors factors, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(options);
        var loss = 0.0;
        for (var u = 0; u < data.Users.Length; u++)
        {
            var observed = data.UserItems[u].Select((item, k) => (item, k)).ToDictionary(p => p.item, p => data.UserValues[u][p.k]);
            for (var i = 0; i < data.Items.Length; i++)
            {
                var score = factors.Score(u, i);
                loss += observed.TryGetValue(i, out var value) ? (1 + (options.Alpha * value)) * (1 - score) * (1 - score) : score * score;
            }
        }

        return loss + (options.Regularization * (TensorPrimitives.SumOfSquares(factors.UserFactors) + TensorPrimitives.SumOfSquares(factors.ItemFactors)));
    }
}
