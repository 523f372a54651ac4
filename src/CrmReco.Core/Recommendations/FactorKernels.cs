using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CrmReco.Core.Recommendations;

/// <summary>
/// Hand-vectorized kernels of ALS and of scoring from factors, on <see cref="Vector{T}"/> (8 floats with AVX2)
/// with a scalar tail when the number of factors is not a multiple of the width. A library call per 64-float
/// dot product cost as much as the arithmetic; these loops keep the partial sums in registers instead. Every
/// kernel sums in a fixed order, so results depend only on the inputs (never on threads), and differ from the
/// straightforward loops only by float rounding (tested).
/// </summary>
internal static class FactorKernels
{
    private static int Width => Vector<float>.Count;

    /// <summary>result = A·v for a symmetric f × f matrix A (row-major): Σ_a v[a]·A[a, :], since A's rows are its
    /// columns, so each column block of the result is accumulated in registers without horizontal sums.</summary>
    public static void SymmetricMatVec(ReadOnlySpan<float> matrix, ReadOnlySpan<float> v, Span<float> result, int f)
    {
        CheckLengths(matrix.Length >= f * f && v.Length >= f && result.Length >= f);
        ref var a0 = ref MemoryMarshal.GetReference(matrix);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        ref var r0 = ref MemoryMarshal.GetReference(result);
        var w = Width;
        var j = 0;
        for (; j + (8 * w) <= f; j += 8 * w)
        {
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (var row = 0; row < f; row++)
            {
                var x = new Vector<float>(Unsafe.Add(ref v0, row));
                ref var line = ref Unsafe.Add(ref a0, (row * f) + j);
                s0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line), x, s0);
                s1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)w), x, s1);
                s2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)(2 * w)), x, s2);
                s3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)(3 * w)), x, s3);
                s4 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)(4 * w)), x, s4);
                s5 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)(5 * w)), x, s5);
                s6 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)(6 * w)), x, s6);
                s7 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref line, (nuint)(7 * w)), x, s7);
            }

            ref var target = ref Unsafe.Add(ref r0, j);
            s0.StoreUnsafe(ref target);
            s1.StoreUnsafe(ref target, (nuint)w);
            s2.StoreUnsafe(ref target, (nuint)(2 * w));
            s3.StoreUnsafe(ref target, (nuint)(3 * w));
            s4.StoreUnsafe(ref target, (nuint)(4 * w));
            s5.StoreUnsafe(ref target, (nuint)(5 * w));
            s6.StoreUnsafe(ref target, (nuint)(6 * w));
            s7.StoreUnsafe(ref target, (nuint)(7 * w));
        }

        for (; j + w <= f; j += w)
        {
            var s = Vector<float>.Zero;
            for (var row = 0; row < f; row++)
            {
                s = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref a0, (nuint)((row * f) + j)), new Vector<float>(Unsafe.Add(ref v0, row)), s);
            }

            s.StoreUnsafe(ref r0, (nuint)j);
        }

        for (; j < f; j++)
        {
            var s = 0f;
            for (var row = 0; row < f; row++)
            {
                s += Unsafe.Add(ref a0, (row * f) + j) * Unsafe.Add(ref v0, row);
            }

            Unsafe.Add(ref r0, j) = s;
        }
    }

    /// <summary>
    /// target += Σ_k (bias·c_k + scale·(c_k − 1)·(y_k · v))·y_k over a row's non-zeros, with c_k = 1 + α·value_k
    /// and y_k the row <c>indices[k]</c> of <paramref name="y"/>: one fused dot product and update per non-zero.
    /// bias 1, scale −1 gives the CG residual's b − (A − YᵀY − λI)·v; bias 0, scale 1 gives (A − YᵀY − λI)·v.
    /// </summary>
    public static void AddProjections(ReadOnlySpan<float> y, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, float alpha, float bias, float scale, ReadOnlySpan<float> v, Span<float> target, int f)
    {
        CheckLengths(values.Length >= indices.Length && v.Length >= f && target.Length >= f);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        ref var t0 = ref MemoryMarshal.GetReference(target);
        for (var k = 0; k < indices.Length; k++)
        {
            if (k + PrefetchDistance < indices.Length)
            {
                Prefetch(y.Slice(indices[k + PrefetchDistance] * f, f));
            }

            ref var row = ref MemoryMarshal.GetReference(y.Slice(indices[k] * f, f));
            var dot = Dot(ref row, ref v0, f);
            var confidence = 1 + (alpha * values[k]);
            var coefficient = (bias * confidence) + (scale * (confidence - 1) * dot);
            AddScaled(ref row, coefficient, ref t0, f);
        }
    }

    // Rows fetched ahead in AddProjections: the item half-sweep reads user rows scattered over the whole user
    // matrix (25 MB at 100k × 64), so without it each non-zero waits for memory.
    private const int PrefetchDistance = 8;

    private static unsafe void Prefetch(ReadOnlySpan<float> row)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (float* start = row)
        {
            for (var offset = 0; offset < row.Length; offset += 16)
            {
                Sse.Prefetch0(start + offset);
            }
        }
    }

    /// <summary>x · y over f floats: four vector accumulators (short dependency chains), their sum, then the
    /// scalar tail.</summary>
    public static float Dot(ref float x, ref float y, int f)
    {
        var w = Width;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        var j = 0;
        for (; j + (4 * w) <= f; j += 4 * w)
        {
            s0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref x, (nuint)j), Vector.LoadUnsafe(ref y, (nuint)j), s0);
            s1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref x, (nuint)(j + w)), Vector.LoadUnsafe(ref y, (nuint)(j + w)), s1);
            s2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref x, (nuint)(j + (2 * w))), Vector.LoadUnsafe(ref y, (nuint)(j + (2 * w))), s2);
            s3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref x, (nuint)(j + (3 * w))), Vector.LoadUnsafe(ref y, (nuint)(j + (3 * w))), s3);
        }

        for (; j + w <= f; j += w)
        {
            s0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref x, (nuint)j), Vector.LoadUnsafe(ref y, (nuint)j), s0);
        }

        var sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; j < f; j++)
        {
            sum += Unsafe.Add(ref x, j) * Unsafe.Add(ref y, j);
        }

        return sum;
    }

    /// <summary>target += a·x over f floats.</summary>
    private static void AddScaled(ref float x, float a, ref float target, int f)
    {
        var w = Width;
        var scale = new Vector<float>(a);
        var j = 0;
        for (; j + w <= f; j += w)
        {
            Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref x, (nuint)j), scale, Vector.LoadUnsafe(ref target, (nuint)j)).StoreUnsafe(ref target, (nuint)j);
        }

        for (; j < f; j++)
        {
            Unsafe.Add(ref target, j) += a * Unsafe.Add(ref x, j);
        }
    }

    /// <summary>gram += Σ_rows y yᵀ on the upper triangle only (row a from column a rounded down to a whole
    /// vector); <see cref="MirrorUpper"/> completes it.</summary>
    public static void AddGramUpper(ReadOnlySpan<float> rows, Span<float> gram, int f)
    {
        CheckLengths(gram.Length >= f * f && rows.Length % f == 0);
        ref var g0 = ref MemoryMarshal.GetReference(gram);
        var w = Width;
        for (var r = 0; r < rows.Length / f; r++)
        {
            ref var row = ref MemoryMarshal.GetReference(rows.Slice(r * f, f));
            for (var a = 0; a < f; a++)
            {
                var start = a - (a % w);
                AddScaled(ref Unsafe.Add(ref row, start), Unsafe.Add(ref row, a), ref Unsafe.Add(ref g0, (a * f) + start), f - start);
            }
        }
    }

    /// <summary>Copies the upper triangle onto the lower one, so the matrix is exactly symmetric.</summary>
    public static void MirrorUpper(Span<float> gram, int f)
    {
        for (var a = 1; a < f; a++)
        {
            for (var j = 0; j < a; j++)
            {
                gram[(a * f) + j] = gram[(j * f) + a];
            }
        }
    }

    /// <summary>
    /// The item factors (n × f, row-major) laid out for scoring: blocks of <see cref="Vector{T}.Count"/> items,
    /// factor-major inside a block (block b, factor a, lane l at (b·f + a)·width + l), the last block padded with
    /// zeros. A user's scores for a block are then Σ_a x_a·block[a], one broadcast and one FMA per factor.
    /// </summary>
    public static float[] PackItemPanels(ReadOnlySpan<float> items, int f)
    {
        var w = Width;
        var n = items.Length / f;
        var blocks = (n + w - 1) / w;
        var panels = new float[blocks * f * w];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < f; a++)
            {
                panels[(((i / w * f) + a) * w) + (i % w)] = items[(i * f) + a];
            }
        }

        return panels;
    }

    /// <summary>scores[i] = x · y_i for the first scores.Length items of <paramref name="panels"/>
    /// (<see cref="PackItemPanels"/>); four blocks at a time share each broadcast of x_a.</summary>
    public static void ScoreAll(ReadOnlySpan<float> panels, ReadOnlySpan<float> x, int f, Span<double> scores)
    {
        var w = Width;
        var blockLength = f * w;
        var blocks = (scores.Length + w - 1) / w;
        CheckLengths(x.Length >= f && panels.Length >= blocks * blockLength);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        var b = 0;
        for (; b + 4 <= blocks; b += 4)
        {
            ref var p0 = ref MemoryMarshal.GetReference(panels.Slice(b * blockLength, 4 * blockLength));
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var a = 0; a < f; a++)
            {
                var xa = new Vector<float>(Unsafe.Add(ref x0, a));
                s0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref p0, (nuint)(a * w)), xa, s0);
                s1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref p0, (nuint)(blockLength + (a * w))), xa, s1);
                s2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref p0, (nuint)((2 * blockLength) + (a * w))), xa, s2);
                s3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref p0, (nuint)((3 * blockLength) + (a * w))), xa, s3);
            }

            Store(s0, scores, b * w);
            Store(s1, scores, (b + 1) * w);
            Store(s2, scores, (b + 2) * w);
            Store(s3, scores, (b + 3) * w);
        }

        for (; b < blocks; b++)
        {
            ref var p0 = ref MemoryMarshal.GetReference(panels.Slice(b * blockLength, blockLength));
            var s = Vector<float>.Zero;
            for (var a = 0; a < f; a++)
            {
                s = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref p0, (nuint)(a * w)), new Vector<float>(Unsafe.Add(ref x0, a)), s);
            }

            Store(s, scores, b * w);
        }
    }

    /// <summary>
    /// The scores of four users at once: scores[u·n + i] = x_u · y_i for u &lt; 4 and i &lt; n. Each pass over
    /// the packed items serves four users (two blocks × four users = eight accumulators), so the items, which
    /// fill a core's L2 at 2k × 64, are read a quarter as often as with <see cref="ScoreAll"/>.
    /// </summary>
    public static void ScoreFour(ReadOnlySpan<float> panels, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, int f, int n, Span<double> scores)
    {
        var w = Width;
        var blockLength = f * w;
        var blocks = (n + w - 1) / w;
        CheckLengths(x0.Length >= f && x1.Length >= f && x2.Length >= f && x3.Length >= f && panels.Length >= blocks * blockLength && scores.Length >= 4 * n);
        ref var u0 = ref MemoryMarshal.GetReference(x0);
        ref var u1 = ref MemoryMarshal.GetReference(x1);
        ref var u2 = ref MemoryMarshal.GetReference(x2);
        ref var u3 = ref MemoryMarshal.GetReference(x3);
        var b = 0;
        for (; b + 2 <= blocks; b += 2)
        {
            ref var p0 = ref MemoryMarshal.GetReference(panels.Slice(b * blockLength, 2 * blockLength));
            Vector<float> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
            for (var a = 0; a < f; a++)
            {
                var first = Vector.LoadUnsafe(ref p0, (nuint)(a * w));
                var second = Vector.LoadUnsafe(ref p0, (nuint)(blockLength + (a * w)));
                var v = new Vector<float>(Unsafe.Add(ref u0, a));
                a0 = Vector.MultiplyAddEstimate(first, v, a0);
                a1 = Vector.MultiplyAddEstimate(second, v, a1);
                v = new Vector<float>(Unsafe.Add(ref u1, a));
                b0 = Vector.MultiplyAddEstimate(first, v, b0);
                b1 = Vector.MultiplyAddEstimate(second, v, b1);
                v = new Vector<float>(Unsafe.Add(ref u2, a));
                c0 = Vector.MultiplyAddEstimate(first, v, c0);
                c1 = Vector.MultiplyAddEstimate(second, v, c1);
                v = new Vector<float>(Unsafe.Add(ref u3, a));
                d0 = Vector.MultiplyAddEstimate(first, v, d0);
                d1 = Vector.MultiplyAddEstimate(second, v, d1);
            }

            StorePair(a0, a1, scores[..n], b * w);
            StorePair(b0, b1, scores.Slice(n, n), b * w);
            StorePair(c0, c1, scores.Slice(2 * n, n), b * w);
            StorePair(d0, d1, scores.Slice(3 * n, n), b * w);
        }

        if (b < blocks)
        {
            var last = panels.Slice(b * blockLength, blockLength);
            ScoreAll(last, x0, f, scores.Slice(b * w, n - (b * w)));
            ScoreAll(last, x1, f, scores.Slice(n + (b * w), n - (b * w)));
            ScoreAll(last, x2, f, scores.Slice((2 * n) + (b * w), n - (b * w)));
            ScoreAll(last, x3, f, scores.Slice((3 * n) + (b * w), n - (b * w)));
        }
    }

    private static void StorePair(Vector<float> first, Vector<float> second, Span<double> scores, int start)
    {
        Store(first, scores, start);
        Store(second, scores, start + Width);
    }

    // Widens a block's scores to doubles; the last block may be partial.
    private static void Store(Vector<float> block, Span<double> scores, int first)
    {
        if (first + Width <= scores.Length)
        {
            Vector.Widen(block, out var low, out var high);
            ref var target = ref Unsafe.Add(ref MemoryMarshal.GetReference(scores), first);
            low.StoreUnsafe(ref target);
            high.StoreUnsafe(ref target, (nuint)Vector<double>.Count);
            return;
        }

        for (var l = 0; first + l < scores.Length; l++)
        {
            scores[first + l] = block[l];
        }
    }

    private static void CheckLengths(bool ok)
    {
        if (!ok)
        {
            throw new ArgumentException("The spans are shorter than the number of factors requires.");
        }
    }
}
