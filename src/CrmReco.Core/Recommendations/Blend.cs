using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Min-max normalization and weighted sums of score vectors, without allocating.</summary>
public static class Blend
{
    /// <summary>Rescales <paramref name="scores"/> to [0, 1] in place (all 0 when constant).</summary>
    public static void Normalize(Span<double> scores)
    {
        if (scores.IsEmpty)
        {
            return;
        }

        double min = TensorPrimitives.Min<double>(scores), max = TensorPrimitives.Max<double>(scores);
        if (max <= min)
        {
            scores.Clear();
            return;
        }

        TensorPrimitives.Subtract(scores, min, scores);
        TensorPrimitives.Multiply(scores, 1 / (max - min), scores);
    }

    /// <summary>
    /// target += weight · minmax(scores) in one pass, leaving <paramref name="scores"/> as they are; returns the
    /// min and the scale (1 / (max − min), 0 when the scores are constant) that normalize a score as
    /// (score − min) · scale. Gives the same target, bit for bit, as <see cref="AddNormalized"/>.
    /// </summary>
    public static (double Min, double Scale) AddScaled(Span<double> target, ReadOnlySpan<double> scores, double weight)
    {
        if (scores.IsEmpty)
        {
            return (0, 0);
        }

        if (target.Length < scores.Length)
        {
            throw new ArgumentException("The target is shorter than the scores.", nameof(target));
        }

        var (min, max) = MinMax(scores);
        if (max <= min)
        {
            return (0, 0); // normalized to 0: adds nothing
        }

        var scale = 1 / (max - min);
        ref var s = ref MemoryMarshal.GetReference(scores);
        ref var t = ref MemoryMarshal.GetReference(target);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (vMin, vScale, vWeight) = (new Vector<double>(min), new Vector<double>(scale), new Vector<double>(weight));
            for (; i <= scores.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var sum = ((Vector.LoadUnsafe(ref s, (nuint)i) - vMin) * vScale * vWeight) + Vector.LoadUnsafe(ref t, (nuint)i);
                sum.StoreUnsafe(ref t, (nuint)i);
            }
        }

        for (; i < scores.Length; i++)
        {
            target[i] = ((scores[i] - min) * scale * weight) + target[i];
        }

        return (min, scale);
    }

    /// <summary>The smallest and the largest score in one pass (the min-max normalization read them in two):
    /// the values of TensorPrimitives.Min and Max, NaN when a score is NaN. (Of −0 and +0 either may come out; they
    /// normalize alike.)</summary>
    internal static (double Min, double Max) MinMax(ReadOnlySpan<double> scores)
    {
        ref var first = ref MemoryMarshal.GetReference(scores);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var numbers = true; // no NaN
        var i = 0;
        if (Vector.IsHardwareAccelerated && scores.Length >= Vector<double>.Count)
        {
            var vMin = Vector.LoadUnsafe(ref first);
            var (vMax, ordered) = (vMin, Vector.Equals(vMin, vMin));
            for (i = Vector<double>.Count; i <= scores.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = Vector.LoadUnsafe(ref first, (nuint)i);
                (vMin, vMax, ordered) = (Vector.MinNative(vMin, v), Vector.MaxNative(vMax, v), ordered & Vector.Equals(v, v));
            }

            numbers = Vector.EqualsAll(ordered, Vector<long>.AllBitsSet);
            for (var lane = 0; lane < Vector<double>.Count; lane++)
            {
                (min, max) = (Math.Min(min, vMin[lane]), Math.Max(max, vMax[lane]));
            }
        }

        for (; i < scores.Length; i++)
        {
            numbers &= !double.IsNaN(scores[i]);
            (min, max) = (Math.Min(min, scores[i]), Math.Max(max, scores[i]));
        }

        return numbers ? (min, max) : (double.NaN, double.NaN);
    }

    /// <summary>target += weight · minmax(scores), leaving <paramref name="scores"/> normalized.</summary>
    public static void AddNormalized(Span<double> target, Span<double> scores, double weight)
    {
        Normalize(scores);
        TensorPrimitives.MultiplyAdd(scores, weight, target, target);
    }
}
