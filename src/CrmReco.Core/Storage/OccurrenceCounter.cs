namespace CrmReco.Core.Storage;

/// <summary>
/// Counts how many times each 128-bit digest has been seen, in about half the memory of a
/// <c>Dictionary&lt;UInt128, int&gt;</c>: a sales file without line numbers passes every line through it, so it is
/// the part of an import that grows with the file. Each digest is stored once, as 16 bytes in an open-addressing
/// table (linear probing: the digests are uniformly random); the rare digest seen more than once keeps its count
/// in a small dictionary beside it.
/// </summary>
internal sealed class OccurrenceCounter
{
    private const int InitialCapacity = 1 << 12;

    private readonly Dictionary<UInt128, int> _repeated = [];
    private UInt128[] _slots = new UInt128[InitialCapacity];
    private bool _seenZero;

    /// <summary>Distinct digests seen.</summary>
    public int Count { get; private set; }

    /// <summary>Records one more sighting of <paramref name="digest"/>: 1 the first time, then 2, 3…</summary>
    public int Next(UInt128 digest)
    {
        bool first;
        if (digest == UInt128.Zero)
        {
            // Zero marks an empty slot, so the (never met in practice) zero digest is remembered apart.
            first = !_seenZero;
            _seenZero = true;
        }
        else
        {
            first = Add(digest);
        }

        if (first)
        {
            Count++;
            return 1;
        }

        var occurrence = _repeated.TryGetValue(digest, out var seen) ? seen + 1 : 2;
        _repeated[digest] = occurrence;
        return occurrence;
    }

    /// <summary>True when the digest was not in the table yet.</summary>
    private bool Add(UInt128 digest)
    {
        // Grown at three quarters full: the probes stay short, and the table costs ≈ 21–43 bytes a digest.
        if ((Count + 1) * 4L > _slots.Length * 3L)
        {
            Grow();
        }

        var i = Slot(_slots, digest);
        if (_slots[i] == digest)
        {
            return false;
        }

        _slots[i] = digest;
        return true;
    }

    /// <summary>Where <paramref name="digest"/> sits in <paramref name="slots"/>, or the empty slot it would take.</summary>
    private static int Slot(UInt128[] slots, UInt128 digest)
    {
        var mask = slots.Length - 1;
        var i = (int)(ulong)digest & mask;
        while (slots[i] != digest && slots[i] != UInt128.Zero)
        {
            i = (i + 1) & mask;
        }

        return i;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new UInt128[old.Length * 2];
        foreach (var digest in old)
        {
            if (digest != UInt128.Zero)
            {
                _slots[Slot(_slots, digest)] = digest;
            }
        }
    }
}
