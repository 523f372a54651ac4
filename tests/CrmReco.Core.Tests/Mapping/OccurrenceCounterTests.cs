using CrmReco.Core.Storage;

namespace CrmReco.Core.Tests.Mapping;

/// <summary>The digest counter behind the occurrence numbers of identical sales lines: it must count exactly as a
/// dictionary does, through its growth, for digests that share their low bits and for the zero digest.</summary>
public sealed class OccurrenceCounterTests
{
    [Fact]
    public void Next_ManyDigestsWithRepeats_CountsAsADictionary()
    {
        var random = new Random(7);
        var counter = new OccurrenceCounter();
        var reference = new Dictionary<UInt128, int>();
        var seen = new List<UInt128>();
        for (var i = 0; i < 200_000; i++)
        {
            // One sighting in ten repeats an earlier digest: counts well above 2 for some.
            var digest = seen.Count > 0 && random.Next(10) == 0
                ? seen[random.Next(Math.Min(seen.Count, 50))]
                : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            seen.Add(digest);
            var expected = reference[digest] = reference.GetValueOrDefault(digest) + 1;
            Assert.Equal(expected, counter.Next(digest));
        }

        Assert.Equal(reference.Count, counter.Count);
        Assert.Contains(reference.Values, v => v > 5);
    }

    [Fact]
    public void Next_DigestsSharingTheirLowBitsOrZero_AreToldApart()
    {
        var counter = new OccurrenceCounter();
        // Same low 64 bits: the same first slot at every size, told apart by the high bits.
        for (ulong high = 1; high <= 10_000; high++)
        {
            Assert.Equal(1, counter.Next(new UInt128(high, 42)));
        }

        Assert.Equal(2, counter.Next(new UInt128(5_000, 42)));
        Assert.Equal(1, counter.Next(UInt128.Zero));
        Assert.Equal(2, counter.Next(UInt128.Zero));
        Assert.Equal(3, counter.Next(new UInt128(5_000, 42)));
        Assert.Equal(10_001, counter.Count);
    }
}
