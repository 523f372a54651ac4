using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

public static class TopK
{
    /// <summary>The k best items (ties by item index, so results are deterministic), optionally skipping some.</summary>
    public static List<Scored> Of(ReadOnlySpan<double> scores, int k, ISet<int>? exclude = null)
    {
        var best = new Scored[k];
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (exclude?.Contains(i) != true)
            {
                count = Offer(best, count, new Scored(i, scores[i]));
            }
        }

        return [.. best.AsSpan(0, count)];
    }

    /// <summary>The best items into <paramref name="best"/> (its length is k), skipping the items of
    /// <paramref name="excludeSorted"/> (ascending); returns how many were written. Allocates nothing. Once k
    /// items are held, whole vectors of scores none of which beats the k-th are skipped with one comparison.</summary>
    public static int Into(ReadOnlySpan<double> scores, Span<Scored> best, ReadOnlySpan<int> excludeSorted = default)
    {
        if (best.IsEmpty)
        {
            return 0;
        }

        var w = Vector<double>.Count;
        ref var first = ref MemoryMarshal.GetReference(scores);
        var count = 0;
        var skip = 0;
        var i = 0;
        while (i < scores.Length)
        {
            var end = Math.Min(i + w, scores.Length);
            if (count == best.Length && end - i == w
                && !Vector.GreaterThanAny(Vector.LoadUnsafe(ref first, (nuint)i), new Vector<double>(best[count - 1].Score)))
            {
                i = end;
                continue;
            }

            for (; i < end; i++)
            {
                while (skip < excludeSorted.Length && excludeSorted[skip] < i)
                {
                    skip++;
                }

                if (skip < excludeSorted.Length && excludeSorted[skip] == i)
                {
                    continue;
                }

                if (count < best.Length || scores[i] > best[count - 1].Score)
                {
                    count = Offer(best, count, new Scored(i, scores[i]));
                }
            }
        }

        return count;
    }

    // Insertion into a short sorted array: an item goes after the ones with an equal score (earlier index first).
    private static int Offer(Span<Scored> best, int count, Scored candidate)
    {
        var position = count;
        while (position > 0 && best[position - 1].Score < candidate.Score)
        {
            position--;
        }

        if (position >= best.Length)
        {
            return count;
        }

        var last = Math.Min(count, best.Length - 1);
        best[position..last].CopyTo(best[(position + 1)..]);
        best[position] = candidate;
        return Math.Min(count + 1, best.Length);
    }
}
