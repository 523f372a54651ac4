namespace CrmReco.Core.Recommendations;

/// <summary>
/// Hashing for 64-bit keys packing two 32-bit indices ((long)a &lt;&lt; 32 | b): <see cref="long.GetHashCode"/> is the
/// XOR of the halves, so (customer, product) keys of 100k customers × 2k products fall on ~130k distinct hash codes
/// for 1.5M keys (chains of ten and more). Multiplying by 2⁶⁴/φ spreads them (Fibonacci hashing).
/// </summary>
internal sealed class PairKeys : IEqualityComparer<long>
{
    public static PairKeys Comparer { get; } = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj) => (int)((ulong)obj * 0x9E3779B97F4A7C15UL >> 32);
}
