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
/// sweep. Rows are solved in parallel, each writing only its own row, and YᵀY is summed over a fixed partition
/// in a fixed order, so the result does not depend on scheduling; the inner loops are the hand-vectorized
/// <see cref="FactorKernels"/>.
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
        var yty = Gram(y, f, options.Regularization, parallel);
        Parallel.For(0, indices.Length, parallel, () => new float[4 * f], (u, _, buffers) =>
        {
            SolveRow(x.AsSpan(u * f, f), y, indices[u], values[u], yty, f, options, buffers);
            return buffers;
        }, _ => { });
    }

    /// <summary>Rows per partial sum of <see cref="Gram(float[], int, float, ParallelOptions)"/>: a fixed
    /// partition, so the sum does not depend on the degree of parallelism.</summary>
    internal const int GramChunkRows = 2048;

    /// <summary>YᵀY + λI (f × f, row-major) on one thread.</summary>
    internal static float[] Gram(float[] y, int f, float regularization) =>
        Gram(y, f, regularization, new ParallelOptions { MaxDegreeOfParallelism = 1 });

    /// <summary>YᵀY + λI (f × f, row-major, exactly symmetric): partial sums over fixed chunks of
    /// <see cref="GramChunkRows"/> rows in parallel (upper triangle only), added in chunk order.</summary>
    internal static float[] Gram(float[] y, int f, float regularization, ParallelOptions parallel)
    {
        var rows = y.Length / f;
        var chunks = Math.Max(1, (rows + GramChunkRows - 1) / GramChunkRows);
        var partials = new float[chunks][];
        Parallel.For(0, chunks, parallel, c =>
        {
            var first = c * GramChunkRows;
            var count = Math.Min(GramChunkRows, rows - first);
            partials[c] = new float[f * f];
            FactorKernels.AddGramUpper(new ReadOnlySpan<float>(y, first * f, count * f), partials[c], f);
        });

        var gram = partials[0];
        for (var c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add(gram, partials[c], gram);
        }

        FactorKernels.MirrorUpper(gram, f);
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
        FactorKernels.SymmetricMatVec(yty, xu, r, f);
        TensorPrimitives.Negate(r, r);
        FactorKernels.AddProjections(y, idx, vals, options.Alpha, 1, -1, xu, r, f);

        r.CopyTo(p);
        var rsOld = TensorPrimitives.Dot(r, r);
        for (var step = 0; step < options.CgSteps && rsOld > 1e-20f; step++)
        {
            FactorKernels.SymmetricMatVec(yty, p, ap, f);
            FactorKernels.AddProjections(y, idx, vals, options.Alpha, 0, 1, p, ap, f);

            var step_ = rsOld / TensorPrimitives.Dot(p, ap);
            TensorPrimitives.MultiplyAdd(p, step_, xu, xu);
            TensorPrimitives.MultiplyAdd(ap, -step_, r, r);
            var rsNew = TensorPrimitives.Dot(r, r);
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
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
